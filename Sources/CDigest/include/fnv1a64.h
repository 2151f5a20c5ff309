#ifndef MOSLAB_FNV1A64_H
#define MOSLAB_FNV1A64_H

#include <stddef.h>
#include <stdint.h>

/// FNV-1a 64 of `count` bytes at `bytes`, continuing from `hash`: the plain byte-serial definition
/// (h = (h XOR b) * 1099511628211 mod 2^64), built for the baseline target. The reference the wide kernels equal.
uint64_t moslab_fnv1a64_portable(const uint8_t *bytes, size_t count, uint64_t hash);

/// The same value computed by the AVX-512 kernel (fnv1a64.c explains how). Call only when
/// `moslab_fnv1a64_avx512_available()` is 1.
uint64_t moslab_fnv1a64_avx512(const uint8_t *bytes, size_t count, uint64_t hash);

/// The same value computed by the AVX2 kernel. Call only when `moslab_fnv1a64_avx2_available()` is 1.
uint64_t moslab_fnv1a64_avx2(const uint8_t *bytes, size_t count, uint64_t hash);

/// 1 if this processor and its OS support every instruction set the AVX-512 kernel uses (AVX-512 F, BW, DQ,
/// VBMI and PCLMULQDQ), else 0. Compiled for the baseline, so safe to call anywhere.
int moslab_fnv1a64_avx512_available(void);

/// 1 if this processor and its OS support AVX2 and PCLMULQDQ, else 0.
int moslab_fnv1a64_avx2_available(void);

#endif
