// The real-transform packing loops in AVX2 registers (fft_packing.h).
//
// Why C: the Swift versions (Sources/FFTKernelsAVX2/WideRealPacking.swift) are generic over the lane type and take
// closures; removing the closures made LLVM scalarise the arithmetic. Intrinsics fix the instructions.
//
// Bit-identity: each lane computes exactly the Swift `WidePacking.unpack`/`pack` formulas, operation by operation,
// with the same operands (only the two operands of some products trade places, which IEEE 754 multiplication does
// not notice). Negation is a flip of the sign bit, as Swift's unary minus. Reversed loads (lane i = a[q0 − i]) are
// a load and a lane permutation. The 4-lane steps of the Float block of 8 run the same formulas on scalars. No fused
// multiply-add: compiled with -ffp-contract=off and the pragma below; `objdump -d` shows no vfmadd/vfmsub/vfnmadd.
#include "fft_packing.h"

#pragma clang fp contract(off)

#if defined(__x86_64__)
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

AVX2 void moslab_deinterleave_f32_f32_avx2(const float *x, long pairs, float *zr, float *zi) {
    long n = 0;
    for (; n + 8 <= pairs; n += 8) {
        __m256 a = _mm256_loadu_ps(x + 2 * n), b = _mm256_loadu_ps(x + 2 * n + 8);
        // [a0 a2 b0 b2 | a4 a6 b4 b6] -> 64-bit blocks 0, 2, 1, 3
        __m256 r = _mm256_shuffle_ps(a, b, 0x88), i = _mm256_shuffle_ps(a, b, 0xDD);
        _mm256_storeu_ps(zr + n, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(r), 0xD8)));
        _mm256_storeu_ps(zi + n, _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(i), 0xD8)));
    }
    for (; n < pairs; n++) { zr[n] = x[2 * n]; zi[n] = x[2 * n + 1]; }
}

AVX2 void moslab_deinterleave_f64_f32_avx2(const double *x, long pairs, float *zr, float *zi) {
    long n = 0;
    for (; n + 8 <= pairs; n += 8) {
        // _mm256_cvtpd_ps rounds to nearest even (the default MXCSR mode), as Swift's Float(Double).
        __m128 c0 = _mm256_cvtpd_ps(_mm256_loadu_pd(x + 2 * n)), c1 = _mm256_cvtpd_ps(_mm256_loadu_pd(x + 2 * n + 4));
        __m128 c2 = _mm256_cvtpd_ps(_mm256_loadu_pd(x + 2 * n + 8)), c3 = _mm256_cvtpd_ps(_mm256_loadu_pd(x + 2 * n + 12));
        _mm_storeu_ps(zr + n, _mm_shuffle_ps(c0, c1, 0x88));
        _mm_storeu_ps(zr + n + 4, _mm_shuffle_ps(c2, c3, 0x88));
        _mm_storeu_ps(zi + n, _mm_shuffle_ps(c0, c1, 0xDD));
        _mm_storeu_ps(zi + n + 4, _mm_shuffle_ps(c2, c3, 0xDD));
    }
    for (; n < pairs; n++) { zr[n] = (float)x[2 * n]; zi[n] = (float)x[2 * n + 1]; }
}

AVX2 void moslab_deinterleave_f64_f64_avx2(const double *x, long pairs, double *zr, double *zi) {
    long n = 0;
    for (; n + 4 <= pairs; n += 4) {
        __m256d a = _mm256_loadu_pd(x + 2 * n), b = _mm256_loadu_pd(x + 2 * n + 4);
        _mm256_storeu_pd(zr + n, _mm256_permute4x64_pd(_mm256_unpacklo_pd(a, b), 0xD8));
        _mm256_storeu_pd(zi + n, _mm256_permute4x64_pd(_mm256_unpackhi_pd(a, b), 0xD8));
    }
    for (; n < pairs; n++) { zr[n] = x[2 * n]; zi[n] = x[2 * n + 1]; }
}

AVX2 void moslab_interleave_f32_f32_avx2(const float *re, const float *im, float scale, long pairs, float *x) {
    __m256 s = _mm256_set1_ps(scale);
    long n = 0;
    for (; n + 8 <= pairs; n += 8) {
        __m256 r = _mm256_mul_ps(_mm256_loadu_ps(re + n), s), i = _mm256_mul_ps(_mm256_loadu_ps(im + n), s);
        __m256 lo = _mm256_unpacklo_ps(r, i), hi = _mm256_unpackhi_ps(r, i);
        _mm256_storeu_ps(x + 2 * n, _mm256_permute2f128_ps(lo, hi, 0x20));
        _mm256_storeu_ps(x + 2 * n + 8, _mm256_permute2f128_ps(lo, hi, 0x31));
    }
    for (; n < pairs; n++) { x[2 * n] = re[n] * scale; x[2 * n + 1] = im[n] * scale; }
}

AVX2 void moslab_interleave_f32_f64_avx2(const float *re, const float *im, float scale, long pairs, double *x) {
    __m128 s = _mm_set1_ps(scale);
    long n = 0;
    for (; n + 4 <= pairs; n += 4) {
        // The product in float, then widened (exact), as Swift's Double(re[n] * scale).
        __m256d r = _mm256_cvtps_pd(_mm_mul_ps(_mm_loadu_ps(re + n), s));
        __m256d i = _mm256_cvtps_pd(_mm_mul_ps(_mm_loadu_ps(im + n), s));
        __m256d lo = _mm256_unpacklo_pd(r, i), hi = _mm256_unpackhi_pd(r, i);
        _mm256_storeu_pd(x + 2 * n, _mm256_permute2f128_pd(lo, hi, 0x20));
        _mm256_storeu_pd(x + 2 * n + 4, _mm256_permute2f128_pd(lo, hi, 0x31));
    }
    for (; n < pairs; n++) { x[2 * n] = (double)(re[n] * scale); x[2 * n + 1] = (double)(im[n] * scale); }
}

AVX2 void moslab_interleave_f64_f64_avx2(const double *re, const double *im, double scale, long pairs, double *x) {
    __m256d s = _mm256_set1_pd(scale);
    long n = 0;
    for (; n + 4 <= pairs; n += 4) {
        __m256d r = _mm256_mul_pd(_mm256_loadu_pd(re + n), s), i = _mm256_mul_pd(_mm256_loadu_pd(im + n), s);
        __m256d lo = _mm256_unpacklo_pd(r, i), hi = _mm256_unpackhi_pd(r, i);
        _mm256_storeu_pd(x + 2 * n, _mm256_permute2f128_pd(lo, hi, 0x20));
        _mm256_storeu_pd(x + 2 * n + 4, _mm256_permute2f128_pd(lo, hi, 0x31));
    }
    for (; n < pairs; n++) { x[2 * n] = re[n] * scale; x[2 * n + 1] = im[n] * scale; }
}

// ---------------------------------------------------------------------------------------------------------------
// Scalar forms of WidePacking.unpack's `one` and pack's `packed` (the Float block of 8, four lanes in Swift).

static void one_f(float ar, float ai, float br, float bi_pos, float wr, float ws, float *xr, float *xi) {
    float bi = -bi_pos;
    float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
    float dr = ar - br, di = ai - bi;
    float or_ = 0.5f * di, oi = -0.5f * dr;
    float wi = -ws;
    *xr = er + or_ * wr - oi * wi;
    *xi = ei + or_ * wi + oi * wr;
}

static void packed_f(float ar, float ai, float br, float bq_i, float wr, float wi, float *outr, float *outi) {
    float bi = -bq_i;
    float er = 0.5f * (ar + br), ei = 0.5f * (ai + bi);
    float dr = 0.5f * (ar - br), di = 0.5f * (ai - bi);
    float or_ = dr * wr - di * wi, oi = dr * wi + di * wr;
    *outr = er - oi;
    *outi = ei + or_;
}

// Vector forms, 8 float lanes.
#define REV8 _mm256_setr_epi32(7, 6, 5, 4, 3, 2, 1, 0)

AVX2 static inline __m256 rload8(const float *a, long q0) {
    return _mm256_permutevar8x32_ps(_mm256_loadu_ps(a + q0 - 7), REV8);
}

AVX2 static inline void rstore8(__m256 v, float *a, long q0) {
    _mm256_storeu_ps(a + q0 - 7, _mm256_permutevar8x32_ps(v, REV8));
}

AVX2 static inline __m256 neg8(__m256 v) { return _mm256_xor_ps(v, _mm256_set1_ps(-0.0f)); }

AVX2 static inline void one8(__m256 ar, __m256 ai, __m256 br, __m256 bi_pos, __m256 wr, __m256 ws, __m256 *xr,
                             __m256 *xi) {
    const __m256 half = _mm256_set1_ps(0.5f), mhalf = _mm256_set1_ps(-0.5f);
    __m256 bi = neg8(bi_pos);
    __m256 er = _mm256_mul_ps(half, _mm256_add_ps(ar, br)), ei = _mm256_mul_ps(half, _mm256_add_ps(ai, bi));
    __m256 dr = _mm256_sub_ps(ar, br), di = _mm256_sub_ps(ai, bi);
    __m256 or_ = _mm256_mul_ps(half, di), oi = _mm256_mul_ps(mhalf, dr);
    __m256 wi = neg8(ws);
    *xr = _mm256_sub_ps(_mm256_add_ps(er, _mm256_mul_ps(or_, wr)), _mm256_mul_ps(oi, wi));
    *xi = _mm256_add_ps(_mm256_add_ps(ei, _mm256_mul_ps(or_, wi)), _mm256_mul_ps(oi, wr));
}

AVX2 static inline void packed8(__m256 ar, __m256 ai, __m256 br, __m256 bq_i, __m256 wr, __m256 wi, __m256 *outr,
                                __m256 *outi) {
    const __m256 half = _mm256_set1_ps(0.5f);
    __m256 bi = neg8(bq_i);
    __m256 er = _mm256_mul_ps(half, _mm256_add_ps(ar, br)), ei = _mm256_mul_ps(half, _mm256_add_ps(ai, bi));
    __m256 dr = _mm256_mul_ps(half, _mm256_sub_ps(ar, br)), di = _mm256_mul_ps(half, _mm256_sub_ps(ai, bi));
    __m256 or_ = _mm256_sub_ps(_mm256_mul_ps(dr, wr), _mm256_mul_ps(di, wi));
    __m256 oi = _mm256_add_ps(_mm256_mul_ps(dr, wi), _mm256_mul_ps(di, wr));
    *outr = _mm256_sub_ps(er, oi);
    *outi = _mm256_add_ps(ei, or_);
}

// The Float block of 8 (positions 8…11, partners 15…12), lane by lane.
static void power_block8_f(const float *zr, const float *zi, const float *tc, const float *ts, const int *rev,
                           float *power) {
    for (long i = 0; i < 4; i++) {
        long p = 8 + i, q = 15 - i;
        float xpr, xpi, xqr, xqi;
        one_f(zr[p], zi[p], zr[q], zi[q], tc[p], ts[p], &xpr, &xpi);
        one_f(zr[q], zi[q], zr[p], zi[p], tc[q], ts[q], &xqr, &xqi);
        power[rev[p]] = xpr * xpr + xpi * xpi;
        power[rev[q]] = xqr * xqr + xqi * xqi;
    }
}

AVX2 void moslab_pack_power_f32_avx2(const float *zr, const float *zi, long half, const float *tc, const float *ts,
                                     const int *rev, float *power) {
    if (half > 8) power_block8_f(zr, zi, tc, ts, rev, power);
    for (long block = 16; block < half; block *= 2) {
        for (long p = block; p < block + block / 2; p += 8) {
            long q0 = 3 * block - 1 - p;
            __m256 pr = _mm256_loadu_ps(zr + p), pi = _mm256_loadu_ps(zi + p);
            __m256 qr = rload8(zr, q0), qi = rload8(zi, q0);
            __m256 xpr, xpi, xqr, xqi;
            one8(pr, pi, qr, qi, _mm256_loadu_ps(tc + p), _mm256_loadu_ps(ts + p), &xpr, &xpi);
            one8(qr, qi, pr, pi, rload8(tc, q0), rload8(ts, q0), &xqr, &xqi);
            float pp[8], pq[8];
            _mm256_storeu_ps(pp, _mm256_add_ps(_mm256_mul_ps(xpr, xpr), _mm256_mul_ps(xpi, xpi)));
            _mm256_storeu_ps(pq, _mm256_add_ps(_mm256_mul_ps(xqr, xqr), _mm256_mul_ps(xqi, xqi)));
            for (int i = 0; i < 8; i++) {
                power[rev[p + i]] = pp[i];
                power[rev[q0 - i]] = pq[i];
            }
        }
    }
}

static void correlation_block8_f(const float *xr, const float *xi, const float *yr, const float *yi, const float *tc,
                                 const float *ts, float *out_r, float *out_i) {
    for (long i = 0; i < 4; i++) {
        long p = 8 + i, q = 15 - i;
        float apr, api, aqr, aqi, bpr, bpi, bqr, bqi;
        one_f(xr[p], xi[p], xr[q], xi[q], tc[p], ts[p], &apr, &api);
        one_f(xr[q], xi[q], xr[p], xi[p], tc[q], ts[q], &aqr, &aqi);
        one_f(yr[p], yi[p], yr[q], yi[q], tc[p], ts[p], &bpr, &bpi);
        one_f(yr[q], yi[q], yr[p], yi[p], tc[q], ts[q], &bqr, &bqi);
        float cpr = apr * bpr + api * bpi, cpi = apr * bpi - api * bpr;
        float cqr = aqr * bqr + aqi * bqi, cqi = aqr * bqi - aqi * bqr;
        packed_f(cpr, cpi, cqr, cqi, tc[p], ts[p], &out_r[p], &out_i[p]);
        packed_f(cqr, cqi, cpr, cpi, tc[q], ts[q], &out_r[q], &out_i[q]);
    }
}

AVX2 void moslab_pack_correlation_f32_avx2(const float *xr, const float *xi, const float *yr, const float *yi, long half,
                                           const float *tc, const float *ts, float *out_r, float *out_i) {
    if (half > 8) correlation_block8_f(xr, xi, yr, yi, tc, ts, out_r, out_i);
    for (long block = 16; block < half; block *= 2) {
        for (long p = block; p < block + block / 2; p += 8) {
            long q0 = 3 * block - 1 - p;
            __m256 wpr = _mm256_loadu_ps(tc + p), wps = _mm256_loadu_ps(ts + p);
            __m256 wqr = rload8(tc, q0), wqs = rload8(ts, q0);
            __m256 apr, api, aqr, aqi, bpr, bpi, bqr, bqi;
            {
                __m256 pr = _mm256_loadu_ps(xr + p), pi = _mm256_loadu_ps(xi + p), qr = rload8(xr, q0), qi = rload8(xi, q0);
                one8(pr, pi, qr, qi, wpr, wps, &apr, &api);
                one8(qr, qi, pr, pi, wqr, wqs, &aqr, &aqi);
            }
            {
                __m256 pr = _mm256_loadu_ps(yr + p), pi = _mm256_loadu_ps(yi + p), qr = rload8(yr, q0), qi = rload8(yi, q0);
                one8(pr, pi, qr, qi, wpr, wps, &bpr, &bpi);
                one8(qr, qi, pr, pi, wqr, wqs, &bqr, &bqi);
            }
            __m256 cpr = _mm256_add_ps(_mm256_mul_ps(apr, bpr), _mm256_mul_ps(api, bpi));
            __m256 cpi = _mm256_sub_ps(_mm256_mul_ps(apr, bpi), _mm256_mul_ps(api, bpr));
            __m256 cqr = _mm256_add_ps(_mm256_mul_ps(aqr, bqr), _mm256_mul_ps(aqi, bqi));
            __m256 cqi = _mm256_sub_ps(_mm256_mul_ps(aqr, bqi), _mm256_mul_ps(aqi, bqr));
            __m256 opr, opi, oqr, oqi;
            packed8(cpr, cpi, cqr, cqi, wpr, wps, &opr, &opi);
            packed8(cqr, cqi, cpr, cpi, wqr, wqs, &oqr, &oqi);
            _mm256_storeu_ps(out_r + p, opr);
            _mm256_storeu_ps(out_i + p, opi);
            rstore8(oqr, out_r, q0);
            rstore8(oqi, out_i, q0);
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Double, 4 lanes (every block ≥ 8 has at least 4 positions per half).

AVX2 static inline __m256d rload4d(const double *a, long q0) {
    return _mm256_permute4x64_pd(_mm256_loadu_pd(a + q0 - 3), 0x1B);
}

AVX2 static inline void rstore4d(__m256d v, double *a, long q0) {
    _mm256_storeu_pd(a + q0 - 3, _mm256_permute4x64_pd(v, 0x1B));
}

AVX2 static inline __m256d neg4d(__m256d v) { return _mm256_xor_pd(v, _mm256_set1_pd(-0.0)); }

AVX2 static inline void one4d(__m256d ar, __m256d ai, __m256d br, __m256d bi_pos, __m256d wr, __m256d ws, __m256d *xr,
                              __m256d *xi) {
    const __m256d half = _mm256_set1_pd(0.5), mhalf = _mm256_set1_pd(-0.5);
    __m256d bi = neg4d(bi_pos);
    __m256d er = _mm256_mul_pd(half, _mm256_add_pd(ar, br)), ei = _mm256_mul_pd(half, _mm256_add_pd(ai, bi));
    __m256d dr = _mm256_sub_pd(ar, br), di = _mm256_sub_pd(ai, bi);
    __m256d or_ = _mm256_mul_pd(half, di), oi = _mm256_mul_pd(mhalf, dr);
    __m256d wi = neg4d(ws);
    *xr = _mm256_sub_pd(_mm256_add_pd(er, _mm256_mul_pd(or_, wr)), _mm256_mul_pd(oi, wi));
    *xi = _mm256_add_pd(_mm256_add_pd(ei, _mm256_mul_pd(or_, wi)), _mm256_mul_pd(oi, wr));
}

AVX2 static inline void packed4d(__m256d ar, __m256d ai, __m256d br, __m256d bq_i, __m256d wr, __m256d wi,
                                 __m256d *outr, __m256d *outi) {
    const __m256d half = _mm256_set1_pd(0.5);
    __m256d bi = neg4d(bq_i);
    __m256d er = _mm256_mul_pd(half, _mm256_add_pd(ar, br)), ei = _mm256_mul_pd(half, _mm256_add_pd(ai, bi));
    __m256d dr = _mm256_mul_pd(half, _mm256_sub_pd(ar, br)), di = _mm256_mul_pd(half, _mm256_sub_pd(ai, bi));
    __m256d or_ = _mm256_sub_pd(_mm256_mul_pd(dr, wr), _mm256_mul_pd(di, wi));
    __m256d oi = _mm256_add_pd(_mm256_mul_pd(dr, wi), _mm256_mul_pd(di, wr));
    *outr = _mm256_sub_pd(er, oi);
    *outi = _mm256_add_pd(ei, or_);
}

AVX2 void moslab_pack_filtered_f64_avx2(const double *zr, const double *zi, const double *g, double scale, long half,
                                        const double *tc, const double *ts, double *out_r, double *out_i) {
    const __m256d sv = _mm256_set1_pd(scale);
    for (long block = 8; block < half; block *= 2) {
        for (long p = block; p < block + block / 2; p += 4) {
            long q0 = 3 * block - 1 - p;
            __m256d wpr = _mm256_loadu_pd(tc + p), wps = _mm256_loadu_pd(ts + p);
            __m256d wqr = rload4d(tc, q0), wqs = rload4d(ts, q0);
            __m256d pr = _mm256_loadu_pd(zr + p), pi = _mm256_loadu_pd(zi + p), qr = rload4d(zr, q0), qi = rload4d(zi, q0);
            __m256d xpr, xpi, xqr, xqi;
            one4d(pr, pi, qr, qi, wpr, wps, &xpr, &xpi);
            one4d(qr, qi, pr, pi, wqr, wqs, &xqr, &xqi);
            __m256d gp = _mm256_mul_pd(_mm256_loadu_pd(g + p), sv), gq = _mm256_mul_pd(rload4d(g, q0), sv);
            __m256d fpr = _mm256_mul_pd(xpr, gp), fpi = _mm256_mul_pd(xpi, gp);
            __m256d fqr = _mm256_mul_pd(xqr, gq), fqi = _mm256_mul_pd(xqi, gq);
            __m256d opr, opi, oqr, oqi;
            packed4d(fpr, fpi, fqr, fqi, wpr, wps, &opr, &opi);
            packed4d(fqr, fqi, fpr, fpi, wqr, wqs, &oqr, &oqi);
            _mm256_storeu_pd(out_r + p, opr);
            _mm256_storeu_pd(out_i + p, opi);
            rstore4d(oqr, out_r, q0);
            rstore4d(oqi, out_i, q0);
        }
    }
}
#else
#include <stdlib.h>

// Never called: the AVX2 kernels run only after a CPUID check, which fails off x86-64.
void moslab_deinterleave_f32_f32_avx2(const float *x, long pairs, float *zr, float *zi) { abort(); }
void moslab_deinterleave_f64_f32_avx2(const double *x, long pairs, float *zr, float *zi) { abort(); }
void moslab_deinterleave_f64_f64_avx2(const double *x, long pairs, double *zr, double *zi) { abort(); }
void moslab_interleave_f32_f32_avx2(const float *re, const float *im, float scale, long pairs, float *x) { abort(); }
void moslab_interleave_f32_f64_avx2(const float *re, const float *im, float scale, long pairs, double *x) { abort(); }
void moslab_interleave_f64_f64_avx2(const double *re, const double *im, double scale, long pairs, double *x) { abort(); }
void moslab_pack_power_f32_avx2(const float *zr, const float *zi, long half, const float *tc, const float *ts,
                                const int *rev, float *power) { abort(); }
void moslab_pack_correlation_f32_avx2(const float *xr, const float *xi, const float *yr, const float *yi, long half,
                                      const float *tc, const float *ts, float *out_r, float *out_i) { abort(); }
void moslab_pack_filtered_f64_avx2(const double *zr, const double *zi, const double *g, double scale, long half,
                                   const double *tc, const double *ts, double *out_r, double *out_i) { abort(); }
#endif
