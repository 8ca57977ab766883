#pragma once
// What mammolens-dicom-decoder writes on its standard output, read by IsolatedFrameDecoder.
//
//   magic "MLDF" | status (uint32) | payload length (uint64) | payload
//
// status 0: the payload is the decoded frame (rows x columns x bitsAllocated/8 bytes, native byte
// order); status 1: the payload is an error, "<code>\n<message>" in UTF-8. Native byte order
// throughout: both ends are the same build on the same machine.

#include <cstdint>

namespace mammolens::core::framedecoderprotocol {

constexpr char kMagic[4] = {'M', 'L', 'D', 'F'};
constexpr std::uint32_t kFrame = 0;
constexpr std::uint32_t kError = 1;
constexpr int kHeaderBytes = 4 + 4 + 8;

/// The helper's file name, in the installed libexec folder and in the build tree.
constexpr const char* kHelperName = "mammolens-dicom-decoder";

} // namespace mammolens::core::framedecoderprotocol
