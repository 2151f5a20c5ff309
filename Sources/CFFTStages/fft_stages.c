// The four smallest stages of the single-precision radix-2² FFT in full-width x86 registers (fft_stages.h).
//
// Why C: the Swift versions (Sources/FFTKernelsAVX2/WideButterflies.swift) ran the h = 4 butterflies on four lanes
// and the h = 2, 1 stages on separate passes, because LLVM turned the half-vector swaps and lane picks of a fused
// Swift version into scalar and horizontal code (docs/p862.md, "FFT choice"). Intrinsics say which permute to use.
//
// Bit-identity: every output value is made by the same IEEE operations on the same operands, in the same order, as
// in the portable Swift code (SignalQuality/FFT.swift): a + b, a − b, c·w products and their sums. Two exact
// rewrites are used, as in the Swift wide kernels: the negation −x is a flip of the sign bit (what Swift's unary
// minus does), and x + (−y) is x − y bit for bit (IEEE 754 defines subtraction so). Multiplication by ∓j is a swap
// with one negation, never a product. No fused multiply-add: this file is compiled with -ffp-contract=off (and says
// so below), and `objdump -d` of its object shows no vfmadd/vfmsub/vfnmadd.
//
// Layout: a group of 16 complex points is quarters q0…q3 of four points each (the h = 4 butterflies' quarters);
// with AVX-512 one zmm register holds a group's real parts (q_k in 128-bit block k) and one its imaginary parts;
// with AVX2 two ymm registers hold (q0, q1) and (q2, q3). Twiddles: the stage tables at offset h − 4, the DIF
// (forward) ones e^(−jπk/h) and the DIT ones e^(∓jπk/h) (imaginary part the negated or plain sine).
#include "fft_stages.h"

#include <stdatomic.h>

#pragma clang fp contract(off)

static atomic_int stages_mode = 1;

int moslab_fft_stages_mode(void) { return atomic_load_explicit(&stages_mode, memory_order_relaxed); }

void moslab_fft_stages_set_mode(int mode) { atomic_store_explicit(&stages_mode, mode, memory_order_relaxed); }

#if defined(__x86_64__)
#include <immintrin.h>

int moslab_fft_stages_built(void) { return 1; }

#define AVX512 __attribute__((target("avx512f")))
#define AVX2 __attribute__((target("avx2")))

// ---------------------------------------------------------------------------------------------------------------
// Shared shape. A butterfly inside four-lane blocks is one permutation p of x and one addition: x·s + p, with s = +1
// where the Swift code adds (x_j + x_j') and −1 where it subtracts (x_j' − x_j, p holding x_j' there). Multiplying
// by ±1 is exact (the Swift kernels do the same: `pick(...) * signs(...)`), and a + b = b + a bit for bit in IEEE
// 754 (the sum is the correctly rounded exact sum), so only the operands' order within one addition differs from
// the Swift code, never the value. (NaN payloads aside, which P.862 never produces from finite input.) Two groups
// are interleaved per iteration where the length allows, to give the out-of-order core independent work: each
// group's stages are a chain of dependent operations.

// ---------------------------------------------------------------------------------------------------------------
// AVX-512F. Two groups A, B per iteration in four zmm registers (re and im of each); the h = 8 and h = 4 stages
// are vertical, on blocks gathered from both groups ([A0, A1, B0, B1] against [A2, A3, B2, B3], and so on), so
// every lane of every operation does useful work.

static inline AVX512 __m512 negate512(__m512 x) {
    return _mm512_castsi512_ps(_mm512_xor_epi32(_mm512_castps_si512(x), _mm512_set1_epi32((int)0x80000000u)));
}

// Lanes in k take −x (sign bit flipped, as Swift's unary minus), the others keep src.
static inline AVX512 __m512 neg_where512(__m512 src, __mmask16 k, __m512 x) {
    return _mm512_castsi512_ps(_mm512_mask_xor_epi32(_mm512_castps_si512(src), k, _mm512_castps_si512(x),
                                                     _mm512_set1_epi32((int)0x80000000u)));
}

// x·s + p (see above).
static inline AVX512 __m512 butterfly512(__m512 x, __m512 p, __m512 s) {
    return _mm512_add_ps(_mm512_mul_ps(x, s), p);
}

// (xr + j·xi)·(wr + j·wi) = (xr·wr − xi·wi, xr·wi + xi·wr), as the Swift butterflies write it.
#define CMUL(T, mul, sub, add, xr, xi, wr, wi, outR, outI)                  \
    do {                                                                \
        T xr_ = (xr), xi_ = (xi);                                       \
        (outR) = sub(mul(xr_, (wr)), mul(xi_, (wi)));                   \
        (outI) = add(mul(xr_, (wi)), mul(xi_, (wr)));                   \
    } while (0)
#define CMUL512(xr, xi, wr, wi, outR, outI) \
    CMUL(__m512, _mm512_mul_ps, _mm512_sub_ps, _mm512_add_ps, xr, xi, wr, wi, outR, outI)
#define CMUL256(xr, xi, wr, wi, outR, outI) \
    CMUL(__m256, _mm256_mul_ps, _mm256_sub_ps, _mm256_add_ps, xr, xi, wr, wi, outR, outI)

// Signs of the in-block butterflies: s_pairs = (+1, +1, −1, −1) (h = 2), s_alt = (+1, −1, +1, −1) (h = 1).
#define S_PAIRS512 _mm512_set_ps(-1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1, -1, -1, 1, 1)
#define S_ALT512 _mm512_set_ps(-1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1)

// DIF h = 2 then h = 1 inside each block (`difSmall`: b = (x0 + x2, x1 + x3, x0 − x2, x1 − x3), then
// (b0 + b1, b0 − b1, b2 + b3, b2 − b3) with b3 = (x1 − x3)·(−j) = (b_i3, −b_r3)).
static inline AVX512 void dif_small512(__m512 *r, __m512 *m) {
    __m512 b_r = butterfly512(*r, _mm512_permute_ps(*r, 0x4E), S_PAIRS512);
    __m512 b_i = butterfly512(*m, _mm512_permute_ps(*m, 0x4E), S_PAIRS512);
    __m512 x_r = _mm512_mask_mov_ps(b_r, 0x8888, b_i);
    __m512 x_i = neg_where512(b_i, 0x8888, b_r);
    *r = butterfly512(x_r, _mm512_permute_ps(x_r, 0xB1), S_ALT512);
    *m = butterfly512(x_i, _mm512_permute_ps(x_i, 0xB1), S_ALT512);
}

// DIF stages h = 8, 4 (`difButterfly` with h = 4: b0 = q0 + q2, b1 = q1 + q3, b2 = (q0 − q2)·v,
// b3 = (q1 − q3)·v·(−j), v = e^(−jπk/8); then q0' = b0 + b1, q1' = (b0 − b1)·w, q2' = b2 + b3, q3' = (b2 − b3)·w,
// w = e^(−jπk/4)), then h = 2, 1, for groups A (pr[0…15]) and B (pr[16…31]).
static inline AVX512 void dif32_avx512(float *pr, float *pi, __m512 vr, __m512 vi, __m512 wr, __m512 wi) {
    __m512 ar = _mm512_loadu_ps(pr), br = _mm512_loadu_ps(pr + 16);
    __m512 ai = _mm512_loadu_ps(pi), bi = _mm512_loadu_ps(pi + 16);
    // h = 8 on [A0, A1, B0, B1] against [A2, A3, B2, B3]; blocks 1 and 3 of the differences (A3, B3) times −j.
    __m512 xr = _mm512_shuffle_f32x4(ar, br, 0x44), yr = _mm512_shuffle_f32x4(ar, br, 0xEE);
    __m512 xi = _mm512_shuffle_f32x4(ai, bi, 0x44), yi = _mm512_shuffle_f32x4(ai, bi, 0xEE);
    __m512 sr = _mm512_add_ps(xr, yr), si = _mm512_add_ps(xi, yi);
    __m512 er, ei;
    CMUL512(_mm512_sub_ps(xr, yr), _mm512_sub_ps(xi, yi), vr, vi, er, ei);
    __m512 hr = _mm512_mask_mov_ps(er, 0xF0F0, ei);
    __m512 hi = neg_where512(ei, 0xF0F0, er);
    // h = 4 on [b0, b0', b2, b2'] against [b1, b1', b3, b3'] (' for group B).
    __m512 pr4 = _mm512_shuffle_f32x4(sr, hr, 0x88), qr4 = _mm512_shuffle_f32x4(sr, hr, 0xDD);
    __m512 pi4 = _mm512_shuffle_f32x4(si, hi, 0x88), qi4 = _mm512_shuffle_f32x4(si, hi, 0xDD);
    __m512 y0r = _mm512_add_ps(pr4, qr4), y0i = _mm512_add_ps(pi4, qi4);  // [A q0, B q0, A q2, B q2]
    __m512 y1r, y1i;                                                    // [A q1, B q1, A q3, B q3]
    CMUL512(_mm512_sub_ps(pr4, qr4), _mm512_sub_ps(pi4, qi4), wr, wi, y1r, y1i);
    dif_small512(&y0r, &y0i);
    dif_small512(&y1r, &y1i);
    const __m512i ia = _mm512_set_epi32(27, 26, 25, 24, 11, 10, 9, 8, 19, 18, 17, 16, 3, 2, 1, 0);
    const __m512i ib = _mm512_set_epi32(31, 30, 29, 28, 15, 14, 13, 12, 23, 22, 21, 20, 7, 6, 5, 4);
    _mm512_storeu_ps(pr, _mm512_permutex2var_ps(y0r, ia, y1r));
    _mm512_storeu_ps(pr + 16, _mm512_permutex2var_ps(y0r, ib, y1r));
    _mm512_storeu_ps(pi, _mm512_permutex2var_ps(y0i, ia, y1i));
    _mm512_storeu_ps(pi + 16, _mm512_permutex2var_ps(y0i, ib, y1i));
}

AVX512 void moslab_fft_last_dif_avx512(float *re, float *im, long count, const float *stage_cos,
                                       const float *stage_sin) {
    if (count < 32) {  // one group: the ymm kernel
        moslab_fft_last_dif_avx2(re, im, count, stage_cos, stage_sin);
        return;
    }
    // w (h = 4) at offset 0, v (h = 8) at offset 4, the same four values in every block; imaginary parts −sin.
    const __m512 wr = _mm512_broadcast_f32x4(_mm_loadu_ps(stage_cos));
    const __m512 wi = negate512(_mm512_broadcast_f32x4(_mm_loadu_ps(stage_sin)));
    const __m512 vr = _mm512_broadcast_f32x4(_mm_loadu_ps(stage_cos + 4));
    const __m512 vi = negate512(_mm512_broadcast_f32x4(_mm_loadu_ps(stage_sin + 4)));
    for (long s = 0; s < count; s += 32) dif32_avx512(re + s, im + s, vr, vi, wr, wi);
}

// DIT h = 1 then h = 2 inside each block (`ditSmall`: a = (x0 + x1, x0 − x1, x2 + x3, x2 − x3), then
// (a0 + a2, a1 + t, a0 − a2, a1 − t) with t = a3·(∓j): forward (a_i3, −a_r3), inverse (−a_i3, a_r3)).
static inline AVX512 void dit_small512(__m512 *r, __m512 *m, int inverse) {
    __m512 a_r = butterfly512(*r, _mm512_permute_ps(*r, 0xB1), S_ALT512);
    __m512 a_i = butterfly512(*m, _mm512_permute_ps(*m, 0xB1), S_ALT512);
    __m512 x_r, x_i;
    if (inverse) {
        x_r = neg_where512(a_r, 0x8888, a_i);
        x_i = _mm512_mask_mov_ps(a_i, 0x8888, a_r);
    } else {
        x_r = _mm512_mask_mov_ps(a_r, 0x8888, a_i);
        x_i = neg_where512(a_i, 0x8888, a_r);
    }
    *r = butterfly512(x_r, _mm512_permute_ps(x_r, 0x4E), S_PAIRS512);
    *m = butterfly512(x_i, _mm512_permute_ps(x_i, 0x4E), S_PAIRS512);
}

// DIT h = 1, 2, then h = 4, 8 (`ditButterfly` with h = 4: t1 = q1·w, t3 = q3·w, b0 = q0 + t1, b1 = q0 − t1,
// b2 = q2 + t3, b3 = q2 − t3; u2 = b2·v, u3 = b3·v·(∓j); q0' = b0 + u2, q1' = b1 + u3, q2' = b0 − u2,
// q3' = b1 − u3) for groups A and B.
static inline AVX512 void dit32_avx512(float *pr, float *pi, __m512 vr, __m512 vi, __m512 wr, __m512 wi,
                                       int inverse) {
    __m512 ar = _mm512_loadu_ps(pr), br = _mm512_loadu_ps(pr + 16);
    __m512 ai = _mm512_loadu_ps(pi), bi = _mm512_loadu_ps(pi + 16);
    dit_small512(&ar, &ai, inverse);
    dit_small512(&br, &bi, inverse);
    // h = 4: [A0, A2, B0, B2] against [A1, A3, B1, B3]·w.
    __m512 p_r = _mm512_shuffle_f32x4(ar, br, 0x88), q_r = _mm512_shuffle_f32x4(ar, br, 0xDD);
    __m512 p_i = _mm512_shuffle_f32x4(ai, bi, 0x88), q_i = _mm512_shuffle_f32x4(ai, bi, 0xDD);
    __m512 t_r, t_i;
    CMUL512(q_r, q_i, wr, wi, t_r, t_i);
    __m512 bp_r = _mm512_add_ps(p_r, t_r), bp_i = _mm512_add_ps(p_i, t_i);  // [A b0, A b2, B b0, B b2]
    __m512 bm_r = _mm512_sub_ps(p_r, t_r), bm_i = _mm512_sub_ps(p_i, t_i);  // [A b1, A b3, B b1, B b3]
    // h = 8: [A b0, B b0, A b1, B b1] against [A b2, B b2, A b3, B b3]·v, blocks 2, 3 (the b3) then times ∓j.
    __m512 l_r = _mm512_shuffle_f32x4(bp_r, bm_r, 0x88), g_r = _mm512_shuffle_f32x4(bp_r, bm_r, 0xDD);
    __m512 l_i = _mm512_shuffle_f32x4(bp_i, bm_i, 0x88), g_i = _mm512_shuffle_f32x4(bp_i, bm_i, 0xDD);
    __m512 u_r, u_i, z_r, z_i;
    CMUL512(g_r, g_i, vr, vi, u_r, u_i);
    if (inverse) {
        z_r = neg_where512(u_r, 0xFF00, u_i);
        z_i = _mm512_mask_mov_ps(u_i, 0xFF00, u_r);
    } else {
        z_r = _mm512_mask_mov_ps(u_r, 0xFF00, u_i);
        z_i = neg_where512(u_i, 0xFF00, u_r);
    }
    // [A q0, B q0, A q1, B q1] and [A q2, B q2, A q3, B q3], back to A and B.
    __m512 o0_r = _mm512_add_ps(l_r, z_r), o0_i = _mm512_add_ps(l_i, z_i);
    __m512 o1_r = _mm512_sub_ps(l_r, z_r), o1_i = _mm512_sub_ps(l_i, z_i);
    _mm512_storeu_ps(pr, _mm512_shuffle_f32x4(o0_r, o1_r, 0x88));
    _mm512_storeu_ps(pr + 16, _mm512_shuffle_f32x4(o0_r, o1_r, 0xDD));
    _mm512_storeu_ps(pi, _mm512_shuffle_f32x4(o0_i, o1_i, 0x88));
    _mm512_storeu_ps(pi + 16, _mm512_shuffle_f32x4(o0_i, o1_i, 0xDD));
}

AVX512 void moslab_fft_first_dit_avx512(float *re, float *im, long count, const float *stage_cos,
                                        const float *stage_sin, int inverse) {
    if (count < 32) {
        moslab_fft_first_dit_avx2(re, im, count, stage_cos, stage_sin, inverse);
        return;
    }
    // w (h = 4) at offset 0, v (h = 8) at offset 4; imaginary parts −sin forward, +sin inverse.
    const __m512 wr = _mm512_broadcast_f32x4(_mm_loadu_ps(stage_cos));
    const __m512 vr = _mm512_broadcast_f32x4(_mm_loadu_ps(stage_cos + 4));
    __m512 wi = _mm512_broadcast_f32x4(_mm_loadu_ps(stage_sin));
    __m512 vi = _mm512_broadcast_f32x4(_mm_loadu_ps(stage_sin + 4));
    if (inverse) {
        for (long s = 0; s < count; s += 32) dit32_avx512(re + s, im + s, vr, vi, wr, wi, 1);
    } else {
        wi = negate512(wi);
        vi = negate512(vi);
        for (long s = 0; s < count; s += 32) dit32_avx512(re + s, im + s, vr, vi, wr, wi, 0);
    }
}

// ---------------------------------------------------------------------------------------------------------------
// AVX2. One group in two ymm pairs, (q0, q1) and (q2, q3); the h = 8 stage is vertical between them, the h = 4
// stage vertical after exchanging 128-bit halves ((q0, q2) against (q1, q3)), and the in-block stages as above.

static inline AVX2 __m256 negate256(__m256 x) { return _mm256_xor_ps(x, _mm256_set1_ps(-0.0f)); }

static inline AVX2 __m256 butterfly256(__m256 x, __m256 p, __m256 s) { return _mm256_add_ps(_mm256_mul_ps(x, s), p); }

#define S_PAIRS256 _mm256_set_ps(-1, -1, 1, 1, -1, -1, 1, 1)
#define S_ALT256 _mm256_set_ps(-1, 1, -1, 1, -1, 1, -1, 1)

static inline AVX2 void dif_small256(__m256 *r, __m256 *m) {
    __m256 b_r = butterfly256(*r, _mm256_permute_ps(*r, 0x4E), S_PAIRS256);
    __m256 b_i = butterfly256(*m, _mm256_permute_ps(*m, 0x4E), S_PAIRS256);
    __m256 x_r = _mm256_blend_ps(b_r, b_i, 0x88);
    __m256 x_i = _mm256_blend_ps(b_i, negate256(b_r), 0x88);
    *r = butterfly256(x_r, _mm256_permute_ps(x_r, 0xB1), S_ALT256);
    *m = butterfly256(x_i, _mm256_permute_ps(x_i, 0xB1), S_ALT256);
}

// `groups` (1 or 2, a constant after inlining) groups of 16 points from pr, pi, stage by stage.
static inline AVX2 void dif_avx2(float *pr, float *pi, __m256 vr, __m256 vi, __m256 wr, __m256 wi, int groups) {
    __m256 y0r[2], y0i[2], y1r[2], y1i[2];
    for (int g = 0; g < groups; g++) {
        __m256 r0 = _mm256_loadu_ps(pr + 16 * g), r1 = _mm256_loadu_ps(pr + 16 * g + 8);
        __m256 m0 = _mm256_loadu_ps(pi + 16 * g), m1 = _mm256_loadu_ps(pi + 16 * g + 8);
        // h = 8: (b0, b1) = (q0 + q2, q1 + q3); (q0 − q2, q1 − q3)·v, the second half then times −j.
        __m256 s_r = _mm256_add_ps(r0, r1), s_i = _mm256_add_ps(m0, m1), e_r, e_i;
        CMUL256(_mm256_sub_ps(r0, r1), _mm256_sub_ps(m0, m1), vr, vi, e_r, e_i);
        __m256 h_r = _mm256_blend_ps(e_r, e_i, 0xF0);
        __m256 h_i = _mm256_blend_ps(e_i, negate256(e_r), 0xF0);
        // h = 4: (b0, b2) against (b1, b3): sums (q0', q2'), differences times w (q1', q3').
        __m256 t0_r = _mm256_permute2f128_ps(s_r, h_r, 0x20), t1_r = _mm256_permute2f128_ps(s_r, h_r, 0x31);
        __m256 t0_i = _mm256_permute2f128_ps(s_i, h_i, 0x20), t1_i = _mm256_permute2f128_ps(s_i, h_i, 0x31);
        y0r[g] = _mm256_add_ps(t0_r, t1_r);
        y0i[g] = _mm256_add_ps(t0_i, t1_i);
        CMUL256(_mm256_sub_ps(t0_r, t1_r), _mm256_sub_ps(t0_i, t1_i), wr, wi, y1r[g], y1i[g]);
    }
    for (int g = 0; g < groups; g++) {
        dif_small256(&y0r[g], &y0i[g]);
        dif_small256(&y1r[g], &y1i[g]);
    }
    for (int g = 0; g < groups; g++) {  // back to (q0, q1), (q2, q3)
        _mm256_storeu_ps(pr + 16 * g, _mm256_permute2f128_ps(y0r[g], y1r[g], 0x20));
        _mm256_storeu_ps(pr + 16 * g + 8, _mm256_permute2f128_ps(y0r[g], y1r[g], 0x31));
        _mm256_storeu_ps(pi + 16 * g, _mm256_permute2f128_ps(y0i[g], y1i[g], 0x20));
        _mm256_storeu_ps(pi + 16 * g + 8, _mm256_permute2f128_ps(y0i[g], y1i[g], 0x31));
    }
}

AVX2 void moslab_fft_last_dif_avx2(float *re, float *im, long count, const float *stage_cos, const float *stage_sin) {
    const __m256 wr = _mm256_broadcast_ps((const __m128 *)stage_cos);
    const __m256 wi = negate256(_mm256_broadcast_ps((const __m128 *)stage_sin));
    const __m256 vr = _mm256_broadcast_ps((const __m128 *)(stage_cos + 4));
    const __m256 vi = negate256(_mm256_broadcast_ps((const __m128 *)(stage_sin + 4)));
    if (count < 32) {
        dif_avx2(re, im, vr, vi, wr, wi, 1);
        return;
    }
    for (long s = 0; s < count; s += 32) dif_avx2(re + s, im + s, vr, vi, wr, wi, 2);
}

static inline AVX2 void dit_small256(__m256 *r, __m256 *m, int inverse) {
    __m256 a_r = butterfly256(*r, _mm256_permute_ps(*r, 0xB1), S_ALT256);
    __m256 a_i = butterfly256(*m, _mm256_permute_ps(*m, 0xB1), S_ALT256);
    __m256 x_r, x_i;
    if (inverse) {
        x_r = _mm256_blend_ps(a_r, negate256(a_i), 0x88);
        x_i = _mm256_blend_ps(a_i, a_r, 0x88);
    } else {
        x_r = _mm256_blend_ps(a_r, a_i, 0x88);
        x_i = _mm256_blend_ps(a_i, negate256(a_r), 0x88);
    }
    *r = butterfly256(x_r, _mm256_permute_ps(x_r, 0x4E), S_PAIRS256);
    *m = butterfly256(x_i, _mm256_permute_ps(x_i, 0x4E), S_PAIRS256);
}

static inline AVX2 void dit_avx2(float *pr, float *pi, __m256 vr, __m256 vi, __m256 wr, __m256 wi, int inverse,
                                 int groups) {
    __m256 r0[2], r1[2], m0[2], m1[2];
    for (int g = 0; g < groups; g++) {
        r0[g] = _mm256_loadu_ps(pr + 16 * g);
        r1[g] = _mm256_loadu_ps(pr + 16 * g + 8);
        m0[g] = _mm256_loadu_ps(pi + 16 * g);
        m1[g] = _mm256_loadu_ps(pi + 16 * g + 8);
    }
    for (int g = 0; g < groups; g++) {
        dit_small256(&r0[g], &m0[g], inverse);
        dit_small256(&r1[g], &m1[g], inverse);
    }
    for (int g = 0; g < groups; g++) {
        // h = 4: (q0, q2) against (q1, q3)·w.
        __m256 a0_r = _mm256_permute2f128_ps(r0[g], r1[g], 0x20), a1_r = _mm256_permute2f128_ps(r0[g], r1[g], 0x31);
        __m256 a0_i = _mm256_permute2f128_ps(m0[g], m1[g], 0x20), a1_i = _mm256_permute2f128_ps(m0[g], m1[g], 0x31);
        __m256 t_r, t_i;
        CMUL256(a1_r, a1_i, wr, wi, t_r, t_i);
        __m256 p_r = _mm256_add_ps(a0_r, t_r), p_i = _mm256_add_ps(a0_i, t_i);  // (b0, b2)
        __m256 q_r = _mm256_sub_ps(a0_r, t_r), q_i = _mm256_sub_ps(a0_i, t_i);  // (b1, b3)
        // h = 8: (b0, b1) against (b2, b3)·v, the b3 half then times ∓j.
        __m256 l_r = _mm256_permute2f128_ps(p_r, q_r, 0x20), g_r = _mm256_permute2f128_ps(p_r, q_r, 0x31);
        __m256 l_i = _mm256_permute2f128_ps(p_i, q_i, 0x20), g_i = _mm256_permute2f128_ps(p_i, q_i, 0x31);
        __m256 u_r, u_i, z_r, z_i;
        CMUL256(g_r, g_i, vr, vi, u_r, u_i);
        if (inverse) {
            z_r = _mm256_blend_ps(u_r, negate256(u_i), 0xF0);
            z_i = _mm256_blend_ps(u_i, u_r, 0xF0);
        } else {
            z_r = _mm256_blend_ps(u_r, u_i, 0xF0);
            z_i = _mm256_blend_ps(u_i, negate256(u_r), 0xF0);
        }
        _mm256_storeu_ps(pr + 16 * g, _mm256_add_ps(l_r, z_r));
        _mm256_storeu_ps(pr + 16 * g + 8, _mm256_sub_ps(l_r, z_r));
        _mm256_storeu_ps(pi + 16 * g, _mm256_add_ps(l_i, z_i));
        _mm256_storeu_ps(pi + 16 * g + 8, _mm256_sub_ps(l_i, z_i));
    }
}

AVX2 void moslab_fft_first_dit_avx2(float *re, float *im, long count, const float *stage_cos, const float *stage_sin,
                                    int inverse) {
    const __m256 wr = _mm256_broadcast_ps((const __m128 *)stage_cos);
    const __m256 vr = _mm256_broadcast_ps((const __m128 *)(stage_cos + 4));
    __m256 wi = _mm256_broadcast_ps((const __m128 *)stage_sin);
    __m256 vi = _mm256_broadcast_ps((const __m128 *)(stage_sin + 4));
    if (!inverse) {
        wi = negate256(wi);
        vi = negate256(vi);
    }
    if (count < 32) {
        dit_avx2(re, im, vr, vi, wr, wi, inverse, 1);
    } else if (inverse) {
        for (long s = 0; s < count; s += 32) dit_avx2(re + s, im + s, vr, vi, wr, wi, 1, 2);
    } else {
        for (long s = 0; s < count; s += 32) dit_avx2(re + s, im + s, vr, vi, wr, wi, 0, 2);
    }
}
#else
#include <stdlib.h>

// Never called: the wide kernels that call these run only after a CPUID check, which fails off x86-64.
int moslab_fft_stages_built(void) { return 0; }
void moslab_fft_last_dif_avx512(float *re, float *im, long count, const float *c, const float *s) { abort(); }
void moslab_fft_last_dif_avx2(float *re, float *im, long count, const float *c, const float *s) { abort(); }
void moslab_fft_first_dit_avx512(float *re, float *im, long count, const float *c, const float *s, int inverse) { abort(); }
void moslab_fft_first_dit_avx2(float *re, float *im, long count, const float *c, const float *s, int inverse) { abort(); }
#endif
