#ifndef MOSLAB_FFT_STAGES_H
#define MOSLAB_FFT_STAGES_H

/// The four smallest stages of MOSLab's single-precision radix-2² FFT (SignalQuality/FFT.swift), written with
/// x86 intrinsics so that one group of 16 complex points goes through the butterflies of half-size 8, 4, 2 and 1
/// in registers (docs/p862.md, "Issue 16, the small FFT stages in C"). Every value gets exactly the additions,
/// subtractions and multiplications of the portable Swift code, in the same order (only the two operands of some
/// additions trade places, which IEEE 754 addition does not notice), so the outputs are the same bits.
///
/// `re`/`im`: split complex arrays of `count` points (a multiple of 16); `stage_cos`/`stage_sin`: the FFT's stage
/// tables (`TransformTables.stageCos`/`stageSin`: for half-size h = 4, 8, … the h values cos/sin(πk/h) at offset
/// h − 4).
///
/// The `_avx512` functions execute AVX-512F instructions and the `_avx2` ones AVX2 instructions: call them only
/// after `moslab_cpu_has_avx512f()` / `moslab_cpu_has_avx2()` (CCPUFeatures) said the processor and OS support
/// them. On other architectures they are stubs that abort (nothing calls them there: the CPUID checks fail) and
/// `moslab_fft_stages_built()` is 0.

/// 1 where the functions below are compiled (x86-64), else 0.
int moslab_fft_stages_built(void);

#include "fft_packing.h"  // the real-transform packing loops, also in this module

/// DIF (forward, natural-order input, bit-reversed output): the stages of half-size 8, 4, 2, 1, the last four.
void moslab_fft_last_dif_avx512(float *re, float *im, long count, const float *stage_cos, const float *stage_sin);
void moslab_fft_last_dif_avx2(float *re, float *im, long count, const float *stage_cos, const float *stage_sin);

/// DIT (bit-reversed input, natural-order output): the stages of half-size 1, 2, 4, 8, the first four; `inverse`
/// non-zero uses e^(+j…).
void moslab_fft_first_dit_avx512(float *re, float *im, long count, const float *stage_cos, const float *stage_sin,
                                 int inverse);
void moslab_fft_first_dit_avx2(float *re, float *im, long count, const float *stage_cos, const float *stage_sin,
                               int inverse);

/// Which version of these stages the Float wide kernels run: 0 their Swift versions, 1 (the default) the C ones
/// on ymm registers (AVX2, also in the AVX-512 kernel set: on the AMD EPYC (Zen 4) where this was measured they
/// were faster than the zmm ones), 2 the C ones on zmm registers in the AVX-512 set. A process-wide switch for
/// measuring one against another (`MOSLAB_FFT_SMALL_STAGES`, moslab-bench `fft`); all give the same bits.
int moslab_fft_stages_mode(void);
void moslab_fft_stages_set_mode(int mode);

#endif
