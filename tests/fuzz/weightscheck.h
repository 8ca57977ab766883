#pragma once
// What the weights fuzz targets check on a file the reader accepted: every tensor is what
// WeightsFile promises (CPU, contiguous) and all its bytes are readable. The copy is made by
// instrumented code, so AddressSanitizer sees a tensor that reaches past the file's buffer even
// though LibTorch itself is not instrumented.

#include "inference/weights/tensormap.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace mammolens::fuzz {

inline void touchTensors(const inference::WeightsFile& file)
{
    std::vector<char> copy;
    for (const auto& [name, tensor] : file.tensors) {
        if (!tensor.defined() || !tensor.device().is_cpu() || !tensor.is_contiguous()) {
            std::fprintf(stderr, "fuzz: tensor '%s' is not a defined contiguous CPU tensor\n",
                         name.c_str());
            std::abort();
        }
        const std::size_t bytes = tensor.nbytes();
        copy.resize(bytes);
        if (bytes > 0)
            std::memcpy(copy.data(), tensor.data_ptr(), bytes);
    }
}

} // namespace mammolens::fuzz
