#pragma once
// What the DICOM header promises about one frame, and what a codec reports back after decoding
// it. Shared by JpegLsDecoder and Jpeg2000Codec so that both check a codestream against the
// header in the same way: the header's Rows x Columns x Bits Allocated sized the memory budget
// and the output buffer, so a codestream that disagrees must be refused before it allocates
// or writes anything (a hostile file would otherwise choose its own allocation size).

#include <cstddef>

namespace mammolens::core {

struct FrameLayout
{
    int rows = 0;
    int columns = 0;
    int bitsAllocated = 16; ///< 8 or 16: bytes per sample of the target buffer
    /// The target: rows * columns samples of bitsAllocated / 8 bytes, native byte order, packed.
    void* target = nullptr;
    std::size_t targetBytes = 0;
};

struct DecodedFrameInfo
{
    int bitsPerSample = 0; ///< precision the codestream declared
    bool lossy = false;    ///< JPEG-LS NEAR > 0, or the JPEG 2000 irreversible 9/7 wavelet
};

} // namespace mammolens::core
