// Runtime CPU feature check for the wider FFT kernels (Sources/FFTKernelsAVX2). Swift has no CPUID, so this small
// C file asks the processor itself. It is built for the default x86-64 target (no -mavx flags), so it runs on any
// x86-64 before anything compiled for AVX2 is entered.
#include "cpu_features.h"

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

// Intel 64 and IA-32 Architectures Software Developer's Manual (SDM), Vol. 1 §14.3 "Detection of Intel AVX
// instructions" and §14.7.1 "Detection of Intel AVX2": AVX2 may be used only if
//   CPUID.(EAX=01H):ECX.OSXSAVE[bit 27] = 1 (the OS enabled XGETBV/XSAVE),
//   XCR0[2:1] = 11b (the OS saves SSE and AVX (YMM) state; read with XGETBV, ECX = 0),
//   CPUID.(EAX=01H):ECX.AVX[bit 28] = 1, and CPUID.(EAX=07H, ECX=0):EBX.AVX2[bit 5] = 1.
// (SDM Vol. 2A, CPUID, Table 3-8 "Feature Information Returned in the ECX Register" and the leaf 07H table
// "Structured Extended Feature Flags".) AMD documents the same bits (AMD64 APM Vol. 3, Appendix E).
//
// AVX-512F (SDM Vol. 1 §15.2 "Detection of AVX-512 Foundation instructions"): in addition to the above,
// XCR0[7:5] = 111b (the OS saves the opmask registers, the upper halves of ZMM0–15 and ZMM16–31) and
// CPUID.(EAX=07H, ECX=0):EBX.AVX512F[bit 16] = 1.
static int x86_features(unsigned int xcr0_mask, unsigned int leaf7_ebx_mask) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int osxsave = 1u << 27, avx = 1u << 28;
    if ((ecx & osxsave) == 0 || (ecx & avx) == 0) return 0;
    unsigned int xcr0_lo, xcr0_hi;
    // XGETBV with ECX = 0 reads XCR0 (SDM Vol. 2C, XGETBV); encoded as bytes so no -mxsave flag is needed.
    __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
    if ((xcr0_lo & xcr0_mask) != xcr0_mask) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & leaf7_ebx_mask) == leaf7_ebx_mask;
}

int moslab_cpu_has_avx2(void) { return x86_features(0x6u, 1u << 5); }

int moslab_cpu_has_avx512f(void) { return x86_features(0xE6u, (1u << 5) | (1u << 16)); }
#else
int moslab_cpu_has_avx2(void) { return 0; }
int moslab_cpu_has_avx512f(void) { return 0; }
#endif
