#pragma once
// What the CPU can do natively, asked once through CPUID (x86-64; elsewhere every answer is
// false). The engine and the SHA-256 code choose their paths from it.

namespace mammolens::inference {

/// The SHA extensions (SHA-NI) with the SSSE3 and SSE4.1 they are used with.
bool cpuHasShaNi();

/// bfloat16 arithmetic in hardware (AVX-512 BF16 or AMX-BF16). Without it oneDNN has no
/// bfloat16 convolution and LibTorch emulates one, orders of magnitude slower than float32.
bool cpuHasNativeBFloat16();

} // namespace mammolens::inference
