#ifndef MOSLAB_CPU_FEATURES_H
#define MOSLAB_CPU_FEATURES_H

/// 1 if this x86-64 processor executes AVX2 instructions and the operating system saves the YMM registers
/// across context switches, else 0 (always 0 on other architectures). Compiled for the baseline target, so it is
/// safe to call on any processor; cpu_features.c cites the CPUID and XCR0 bits.
int moslab_cpu_has_avx2(void);

/// 1 if, in addition, the processor executes AVX-512 Foundation instructions and the OS saves the opmask and ZMM
/// registers, else 0.
int moslab_cpu_has_avx512f(void);

#endif
