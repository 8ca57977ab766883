#include "inference/util/cpufeatures.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace mammolens::inference {

#if defined(__x86_64__)
namespace {

struct CpuidRegisters
{
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    bool valid = false;
};

CpuidRegisters cpuid(unsigned leaf, unsigned subleaf)
{
    CpuidRegisters r;
    r.valid = __get_cpuid_count(leaf, subleaf, &r.eax, &r.ebx, &r.ecx, &r.edx) != 0;
    return r;
}

bool bit(unsigned value, int n)
{
    return (value >> n) & 1u;
}

} // namespace

bool cpuHasShaNi()
{
    const CpuidRegisters basic = cpuid(1, 0);
    const CpuidRegisters extended = cpuid(7, 0);
    return basic.valid && extended.valid && bit(extended.ebx, 29) && bit(basic.ecx, 9) &&
           bit(basic.ecx, 19); // SHA, SSSE3, SSE4.1
}

bool cpuHasNativeBFloat16()
{
    const CpuidRegisters extended = cpuid(7, 0);
    const CpuidRegisters extended1 = cpuid(7, 1);
    const bool avx512bf16 = extended1.valid && bit(extended1.eax, 5);
    const bool amxbf16 = extended.valid && bit(extended.edx, 22);
    return avx512bf16 || amxbf16;
}
#else
bool cpuHasShaNi()
{
    return false;
}

bool cpuHasNativeBFloat16()
{
    return false;
}
#endif

} // namespace mammolens::inference
