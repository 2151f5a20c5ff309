#ifndef MOSLAB_FFT_PACKING_H
#define MOSLAB_FFT_PACKING_H

/// The real-transform packing loops of MOSLab's FFT (SignalQuality/FFT.swift: `forwardPacked`'s deinterleaving,
/// `inversePacked`'s interleaving, and the octave blocks ≥ 8 of `RealTransform.powerSpectrum`,
/// `inverseCorrelation` and `inverseFiltered`) with AVX2 intrinsics (docs/p862.md, "Issue 16, packing loops in C").
/// Every value is made by the same IEEE operations on the same operands, in the same order, as in the Swift wide
/// kernels (Sources/FFTKernelsAVX2/WideRealPacking.swift) and the portable code, so the outputs are the same bits.
///
/// Every function executes AVX2 instructions: call them only after `moslab_cpu_has_avx2()` (CCPUFeatures) said the
/// processor and OS support AVX2. Off x86-64 they are stubs that abort (nothing calls them there).

/// zr[n] = x[2n], zi[n] = x[2n + 1] (rounded to float where the input is double), n < pairs.
void moslab_deinterleave_f32_f32_avx2(const float *x, long pairs, float *zr, float *zi);
void moslab_deinterleave_f64_f32_avx2(const double *x, long pairs, float *zr, float *zi);
void moslab_deinterleave_f64_f64_avx2(const double *x, long pairs, double *zr, double *zi);

/// x[2n] = re[n]·scale, x[2n + 1] = im[n]·scale (product in the input type, then converted), n < pairs.
void moslab_interleave_f32_f32_avx2(const float *re, const float *im, float scale, long pairs, float *x);
void moslab_interleave_f32_f64_avx2(const float *re, const float *im, float scale, long pairs, double *x);
void moslab_interleave_f64_f64_avx2(const double *re, const double *im, double scale, long pairs, double *x);

/// The octave blocks [b, 2b), 8 ≤ b < half, of the packed real transform (complex length `half`; `tc`/`ts`:
/// cos/sin(2π·rev(p)/N) at position p). `power`: |X|² stored at rev[p]; `correlation`: conj(X)·Y packed;
/// `filtered`: X·(g·scale) packed.
void moslab_pack_power_f32_avx2(const float *zr, const float *zi, long half, const float *tc, const float *ts,
                                const int *rev, float *power);
void moslab_pack_correlation_f32_avx2(const float *xr, const float *xi, const float *yr, const float *yi, long half,
                                      const float *tc, const float *ts, float *out_r, float *out_i);
void moslab_pack_filtered_f64_avx2(const double *zr, const double *zi, const double *g, double scale, long half,
                                   const double *tc, const double *ts, double *out_r, double *out_i);

#endif
