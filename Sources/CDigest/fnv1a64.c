// FNV-1a 64 (draft-eastlake-fnv: h = (h XOR byte) * p mod 2^64, p = 1099511628211 = 2^40 + 435) computed many bytes
// at a time, to the same 64 bits as the byte-serial definition (docs/cluster.md, "Fifth pass: FNV-1a").
//
// Why it can be parallel. Write l_n for the low byte of h_n (the hash before byte n), b_n for the byte and
// y_n = l_n XOR b_n. XOR with a byte changes only the low byte, so h_n XOR b_n = h_n + d_n with d_n = y_n - l_n, and
//   h_N = p^N h_0 + sum_{n<N} p^(N-n) d_n  (mod 2^64)                                                        (1)
// once the low bytes are known: a polynomial with independent terms. The low bytes evolve alone,
// l_(n+1) = 179 y_n mod 256 (179 = p mod 256), and bit by bit they are prefix XORs: as 179 is odd, bit j of 179 y is
// y_j XOR (bit j of 179 (y mod 2^j)), so
//   bit j of l_(n+1) = bit j of l_n XOR t_j(n),  t_j(n) = b_j(n) XOR bit j of 179 (y_n mod 2^j)                (2)
// where t_j depends only on the bits below j. Level by level (j = 0 ... 7) the kernel computes t_j for 64 bytes
// with one table lookup (the table indexed by y's low bits, bit j of y being b_j while bit j of l is not yet set),
// takes the prefix XOR of the 64-bit mask with one carry-less multiply by all ones, and sets bit j of the 64 low
// bytes. The only serial link from one 64-byte chunk to the next is one carry bit per level. The AVX-512 kernel
// sums (1) in eight lanes of 64-bit multiplies (vpmullq); the AVX2 kernel, which has none, looks (2) up by nibbles
// (pshufb) and weighs d by p^e split into four signed 16-bit limbs (pmaddwd), 64-bit Horner steps once per group.
#include "fnv1a64.h"

#define FNV_PRIME 1099511628211ull

uint64_t moslab_fnv1a64_portable(const uint8_t *bytes, size_t count, uint64_t hash) {
    for (size_t i = 0; i < count; i++) hash = (hash ^ bytes[i]) * FNV_PRIME;
    return hash;
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include <pthread.h>

/// p^exponent mod 2^64 by squaring.
static uint64_t prime_power(uint64_t exponent) {
    uint64_t result = 1, base = FNV_PRIME;
    for (; exponent != 0; exponent >>= 1, base *= base)
        if (exponent & 1) result *= base;
    return result;
}

// The lookup tables of (2), as compile-time constants: entry i of level j is 0x80 when
// bit j of (179 (i mod 2^j) XOR i) is set, i being y's low bits (i < 128). Levels 0-5 read index bits 0-5 (64 entries),
// levels 6 and 7 bits 0-6 (128 entries, two rows). Level 7's index lacks bit 7 of y (= b_7), which the kernel XORs in.
#define LOW(j, i) ((i) & ((1u << (j)) - 1u))
#define T(j, i) (uint8_t)((((179u * LOW(j, i)) ^ (unsigned)(i)) >> (j) & 1u) << 7)
#define R4(j, i) T(j, i), T(j, (i) + 1), T(j, (i) + 2), T(j, (i) + 3)
#define R16(j, i) R4(j, i), R4(j, (i) + 4), R4(j, (i) + 8), R4(j, (i) + 12)
#define R64(j, i) R16(j, i), R16(j, (i) + 16), R16(j, (i) + 32), R16(j, (i) + 48)
static const uint8_t level_tables[10][64] __attribute__((aligned(64))) = {
    {R64(0, 0)}, {R64(1, 0)}, {R64(2, 0)}, {R64(3, 0)}, {R64(4, 0)},
    {R64(5, 0)}, {R64(6, 0)}, {R64(6, 64)}, {R64(7, 0)}, {R64(7, 64)},
};

// CPUID and XCR0 (Intel SDM Vol. 1 §14.3, §15.2; Vol. 2A CPUID tables; AMD APM Vol. 3 Appendix E): leaf 1 ECX bit 1
// PCLMULQDQ, bit 27 OSXSAVE, bit 28 AVX; leaf 7 EBX bit 5 AVX2, 16 AVX512F, 17 AVX512DQ, 30 AVX512BW, ECX bit 1
// AVX512_VBMI; XCR0 bits 1-2 (SSE, YMM state) and 5-7 (opmask, ZMM state) enabled by the OS.
static int cpu_supports(unsigned int xcr0_mask, unsigned int leaf7_ebx, unsigned int leaf7_ecx) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int needed = (1u << 1) | (1u << 27) | (1u << 28);
    if ((ecx & needed) != needed) return 0;
    unsigned int xcr0_lo, xcr0_hi;
    __asm__ volatile(".byte 0x0f, 0x01, 0xd0" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));  // XGETBV, ECX = 0
    if ((xcr0_lo & xcr0_mask) != xcr0_mask) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    return (ebx & leaf7_ebx) == leaf7_ebx && (ecx & leaf7_ecx) == leaf7_ecx;
}

int moslab_fnv1a64_avx512_available(void) {
    return cpu_supports(0xE6u, (1u << 5) | (1u << 16) | (1u << 17) | (1u << 30), 1u << 1);
}

int moslab_fnv1a64_avx2_available(void) { return cpu_supports(0x6u, 1u << 5, 0); }

#define AVX512 __attribute__((target("avx512f,avx512bw,avx512dq,avx512vbmi,pclmul")))
#define INLINE __attribute__((always_inline)) static inline

/// Prefix XOR of a 64-bit mask (bit n = XOR of bits 0 ... n): its carry-less product with all ones.
AVX512 INLINE uint64_t prefix_xor(uint64_t bits) {
    __m128i product = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)bits), _mm_set1_epi64x(-1), 0x00);
    return (uint64_t)_mm_cvtsi128_si64(product);
}

/// The kernel's state between chunks: per level j, all ones when bit j of the current low byte is set, and the
/// eight Horner accumulators of (1), lane m of accumulator k summing the chunks' d at offset 8k + m.
typedef struct {
    uint64_t carry[8];
    __m512i sum[8];
} State512;

/// Runs `g` consecutive 64-byte chunks (g a constant at each call, so the levels unroll and the chunks interleave:
/// one level of one chunk is a chain of some 30 cycles, vpermb to mask to prefix XOR and back, so twelve chunks in
/// flight keep the core busy; measured 0.69 cycles a byte against 1.43 with four).
AVX512 INLINE void chunks512(const uint8_t *bytes, int g, State512 *state, const __m512i *tables, __m512i step) {
    __m512i b[12], l[12];
    uint64_t pre[12];
    _Pragma("clang loop unroll(full)") for (int c = 0; c < g; c++) {
        b[c] = _mm512_loadu_si512((const void *)(bytes + 64 * c));
        l[c] = _mm512_setzero_si512();
    }
    _Pragma("clang loop unroll(full)") for (int j = 0; j < 8; j++) {
        _Pragma("clang loop unroll(full)") for (int c = 0; c < g; c++) {
            __m512i y = _mm512_xor_si512(l[c], b[c]);
            __m512i t = j < 6 ? _mm512_permutexvar_epi8(y, tables[j])
                              : _mm512_permutex2var_epi8(tables[2 * j - 6], y, tables[2 * j - 5]);
            if (j == 7) t = _mm512_xor_si512(t, y);
            pre[c] = prefix_xor((uint64_t)_mm512_movepi8_mask(t));
        }
        const __m512i bit = _mm512_set1_epi8((char)(1 << j));
        _Pragma("clang loop unroll(full)") for (int c = 0; c < g; c++) {
            uint64_t carry = state->carry[j];
            uint64_t before = (pre[c] << 1) ^ carry;  // bit j of each byte's low byte, chunk carry included
            state->carry[j] = (uint64_t)((int64_t)(pre[c] ^ carry) >> 63);
            l[c] = _mm512_mask_add_epi8(l[c], (__mmask64)before, l[c], bit);
        }
    }
    // d = y - l as 16-bit (unsigned y and l times the signed pairs (1, -1)), then as 64-bit lanes: offset
    // 16 q + 8 h + m comes from 128-bit lane q of the low (h = 0) or high (h = 1) interleave.
    const __m512i plus_minus = _mm512_set1_epi16((short)0xFF01);
    _Pragma("clang loop unroll(full)") for (int c = 0; c < g; c++) {
        __m512i y = _mm512_xor_si512(l[c], b[c]);
        __m512i d[2] = {_mm512_maddubs_epi16(_mm512_unpacklo_epi8(y, l[c]), plus_minus),
                        _mm512_maddubs_epi16(_mm512_unpackhi_epi8(y, l[c]), plus_minus)};
        const __m128i words[8] = {
            _mm512_castsi512_si128(d[0]), _mm512_castsi512_si128(d[1]),
            _mm512_extracti32x4_epi32(d[0], 1), _mm512_extracti32x4_epi32(d[1], 1),
            _mm512_extracti32x4_epi32(d[0], 2), _mm512_extracti32x4_epi32(d[1], 2),
            _mm512_extracti32x4_epi32(d[0], 3), _mm512_extracti32x4_epi32(d[1], 3),
        };
        _Pragma("clang loop unroll(full)") for (int k = 0; k < 8; k++)
            state->sum[k] = _mm512_add_epi64(_mm512_mullo_epi64(state->sum[k], step), _mm512_cvtepi16_epi64(words[k]));
    }
}

AVX512 uint64_t moslab_fnv1a64_avx512(const uint8_t *bytes, size_t count, uint64_t hash) {
    const size_t chunks = count / 64;
    if (chunks == 0) return moslab_fnv1a64_portable(bytes, count, hash);
    __m512i tables[10];
    for (int i = 0; i < 10; i++) tables[i] = _mm512_load_si512((const void *)level_tables[i]);
    uint64_t powers[65];  // p^0 ... p^64
    powers[0] = 1;
    for (int i = 1; i <= 64; i++) powers[i] = powers[i - 1] * FNV_PRIME;
    const __m512i step = _mm512_set1_epi64((long long)powers[64]);
    State512 state;
    _Pragma("clang loop unroll(full)") for (int j = 0; j < 8; j++) state.carry[j] = (uint64_t)0 - ((hash >> j) & 1);
    _Pragma("clang loop unroll(full)") for (int k = 0; k < 8; k++) state.sum[k] = _mm512_setzero_si512();
    size_t chunk = 0;
    for (; chunk + 12 <= chunks; chunk += 12) chunks512(bytes + 64 * chunk, 12, &state, tables, step);
    for (; chunk + 4 <= chunks; chunk += 4) chunks512(bytes + 64 * chunk, 4, &state, tables, step);
    for (; chunk < chunks; chunk++) chunks512(bytes + 64 * chunk, 1, &state, tables, step);
    // (1): the chunks' sums weigh p^(64 (C-1-c)); offset 8k + m within a chunk adds p^(64 - 8k - m).
    __m512i total = _mm512_setzero_si512();
    _Pragma("clang loop unroll(full)") for (int k = 0; k < 8; k++) {
        const __m512i weights = _mm512_set_epi64(
            (long long)powers[57 - 8 * k], (long long)powers[58 - 8 * k], (long long)powers[59 - 8 * k],
            (long long)powers[60 - 8 * k], (long long)powers[61 - 8 * k], (long long)powers[62 - 8 * k],
            (long long)powers[63 - 8 * k], (long long)powers[64 - 8 * k]);
        total = _mm512_add_epi64(total, _mm512_mullo_epi64(state.sum[k], weights));
    }
    hash = prime_power(64 * (uint64_t)chunks) * hash + (uint64_t)_mm512_reduce_add_epi64(total);
    return moslab_fnv1a64_portable(bytes + 64 * chunks, count % 64, hash);
}

#define AVX2 __attribute__((target("avx2,pclmul")))

/// Chunks interleaved by the AVX2 kernel: a level of one chunk is a chain of some 30 cycles (lookup, movemask, prefix
/// XOR, expansion back to bytes), so eight in flight keep the core busy (1.3 cycles a byte measured, 1.9 with four).
#define AVX2_GROUP 8

AVX2 INLINE uint64_t prefix_xor2(uint64_t bits) {
    __m128i product = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)bits), _mm_set1_epi64x(-1), 0x00);
    return (uint64_t)_mm_cvtsi128_si64(product);
}

/// The AVX2 kernel's weights: p^e mod 2^64 (e = 64 AVX2_GROUP - n for offset n in a group of chunks) as four signed
/// 16-bit limbs (sum of limb l times 2^(16 l) = p^e mod 2^64), laid out as the words of the kernel's d vectors:
/// limbs[l][v][i] for vector v = 4 c + 2 h + u of chunk c, word i = 8 q + w holding offset 64 c + 32 h + 16 q + 8 u + w.
static int16_t avx2_limbs[4][4 * AVX2_GROUP][16] __attribute__((aligned(32)));
static pthread_once_t avx2_limbs_once = PTHREAD_ONCE_INIT;

static void avx2_make_limbs(void) {
    for (int v = 0; v < 4 * AVX2_GROUP; v++)
        for (int i = 0; i < 16; i++) {
            const int c = v >> 2, h = (v >> 1) & 1, u = v & 1, q = i >> 3, w = i & 7;
            uint64_t value = prime_power(64 * AVX2_GROUP - (64 * c + 32 * h + 16 * q + 8 * u + w));
            for (int l = 0; l < 4; l++) {
                int32_t limb = (int32_t)(value & 0xFFFF);
                if (limb >= 0x8000) limb -= 0x10000;
                avx2_limbs[l][v][i] = (int16_t)limb;
                value = (value - (uint64_t)(int64_t)limb) >> 16;
            }
        }
}

/// Bits j = 0 ... 7 of the low bytes of one 32-byte half: level j's t mask (movemask bit i = t_j of byte i).
/// j < 4 looks (2) up by y's low nibble (which holds y mod 2^j and b_j); j >= 4 adds 179 (y mod 16) (`low`, fixed once
/// bits 0-3 are set) and 48 (y's next j - 4 bits) = 16 (179 (those bits) mod 16), then XORs b_j = y_j in.
AVX2 INLINE uint32_t level_mask2(int j, __m256i x, __m256i b, __m256i low, const __m256i *tables) {
    const __m256i nibble = _mm256_set1_epi8(0x0F);
    __m256i y = _mm256_xor_si256(x, b);
    if (j < 4) return (uint32_t)_mm256_movemask_epi8(_mm256_shuffle_epi8(tables[j], _mm256_and_si256(y, nibble)));
    __m256i high = _mm256_and_si256(_mm256_srli_epi16(y, 4), nibble);
    __m256i z = _mm256_add_epi8(low, _mm256_shuffle_epi8(tables[j], high));
    __m256i t = _mm256_xor_si256(z, y);
    if (j < 7) t = _mm256_slli_epi16(t, 7 - j);  // bit j to bit 7 (the bits shifted in from the lower byte lie below)
    return (uint32_t)_mm256_movemask_epi8(t);
}

/// Bytes of `bit` where `mask` (32 bits, one a byte) is set, else 0.
AVX2 INLINE __m256i expand2(uint32_t mask, __m256i bit) {
    const __m256i spread = _mm256_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,
                                            2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3);
    const __m256i select = _mm256_set1_epi64x((long long)0x8040201008040201ull);
    __m256i bytes = _mm256_and_si256(_mm256_shuffle_epi8(_mm256_set1_epi32((int)mask), spread), select);
    return _mm256_and_si256(_mm256_cmpeq_epi8(bytes, select), bit);
}

/// Runs `g` consecutive 64-byte chunks (as two 32-byte halves) and returns the sum of (1) over them with weights
/// p^(64 g - n), from the limb dot products (pmaddwd: d times a signed 16-bit limb, pairs summed in 32 bits).
AVX2 INLINE uint64_t chunks2(const uint8_t *bytes, int g, uint64_t carry[8], const __m256i *tables) {
    __m256i b[2 * AVX2_GROUP], x[2 * AVX2_GROUP], low[2 * AVX2_GROUP];
    _Pragma("clang loop unroll(full)") for (int v = 0; v < 2 * g; v++) {
        b[v] = _mm256_loadu_si256((const __m256i *)(bytes + 32 * v));
        x[v] = _mm256_setzero_si256();
    }
    _Pragma("clang loop unroll(full)") for (int j = 0; j < 8; j++) {
        if (j == 4) {
            _Pragma("clang loop unroll(full)") for (int v = 0; v < 2 * g; v++)
                low[v] = _mm256_shuffle_epi8(tables[8], _mm256_and_si256(_mm256_xor_si256(x[v], b[v]), _mm256_set1_epi8(0x0F)));
        }
        uint64_t pre[AVX2_GROUP];
        _Pragma("clang loop unroll(full)") for (int c = 0; c < g; c++) {
            uint64_t mask = (uint64_t)level_mask2(j, x[2 * c], b[2 * c], low[2 * c], tables)
                          | (uint64_t)level_mask2(j, x[2 * c + 1], b[2 * c + 1], low[2 * c + 1], tables) << 32;
            pre[c] = prefix_xor2(mask);
        }
        const __m256i bit = _mm256_set1_epi8((char)(1 << j));
        _Pragma("clang loop unroll(full)") for (int c = 0; c < g; c++) {
            uint64_t before = (pre[c] << 1) ^ carry[j];
            carry[j] = (uint64_t)((int64_t)(pre[c] ^ carry[j]) >> 63);
            x[2 * c] = _mm256_or_si256(x[2 * c], expand2((uint32_t)before, bit));
            x[2 * c + 1] = _mm256_or_si256(x[2 * c + 1], expand2((uint32_t)(before >> 32), bit));
        }
    }
    const __m256i plus_minus = _mm256_set1_epi16((short)0xFF01);
    __m256i sum[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256()};
    const int first = 4 * (AVX2_GROUP - g);  // the weights of the last g chunks of a full group
    _Pragma("clang loop unroll(full)") for (int v = 0; v < 2 * g; v++) {
        __m256i y = _mm256_xor_si256(x[v], b[v]);
        __m256i d[2] = {_mm256_maddubs_epi16(_mm256_unpacklo_epi8(y, x[v]), plus_minus),
                        _mm256_maddubs_epi16(_mm256_unpackhi_epi8(y, x[v]), plus_minus)};
        _Pragma("clang loop unroll(full)") for (int u = 0; u < 2; u++)
            _Pragma("clang loop unroll(full)") for (int l = 0; l < 4; l++)
                sum[l] = _mm256_add_epi32(sum[l], _mm256_madd_epi16(d[u],
                             _mm256_load_si256((const __m256i *)avx2_limbs[l][first + 2 * v + u])));
    }
    uint64_t total = 0;
    _Pragma("clang loop unroll(full)") for (int l = 0; l < 4; l++) {
        int32_t lanes[8];
        _mm256_storeu_si256((__m256i *)lanes, sum[l]);
        int64_t limb_sum = 0;
        for (int i = 0; i < 8; i++) limb_sum += lanes[i];
        total += (uint64_t)limb_sum << (16 * l);
    }
    return total;
}

AVX2 uint64_t moslab_fnv1a64_avx2(const uint8_t *bytes, size_t count, uint64_t hash) {
    const size_t chunks = count / 64;
    if (chunks == 0) return moslab_fnv1a64_portable(bytes, count, hash);
    pthread_once(&avx2_limbs_once, avx2_make_limbs);
    // Level tables 0-3: (2) by the low nibble (level_tables' first 16 entries); 4-7: 48 (h mod 2^(j-4)) for the
    // next nibble h; 8: 179 i mod 256 for the low nibble i. Each row repeated in both 128-bit lanes (pshufb).
    __m256i tables[9];
    for (int j = 0; j < 4; j++) tables[j] = _mm256_broadcastsi128_si256(_mm_load_si128((const __m128i *)level_tables[j]));
    for (int j = 4; j < 8; j++) {
        uint8_t row[16];
        for (int i = 0; i < 16; i++) row[i] = (uint8_t)(48u * (i & ((1u << (j - 4)) - 1u)));
        tables[j] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)row));
    }
    uint8_t products[16];
    for (int i = 0; i < 16; i++) products[i] = (uint8_t)(179u * i);
    tables[8] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)products));
    uint64_t carry[8];
    for (int j = 0; j < 8; j++) carry[j] = (uint64_t)0 - ((hash >> j) & 1);
    const uint64_t pgroup = prime_power(64 * AVX2_GROUP), p256 = prime_power(256), p64 = prime_power(64);
    uint64_t sum = 0;
    size_t chunk = 0;
    for (; chunk + AVX2_GROUP <= chunks; chunk += AVX2_GROUP) sum = sum * pgroup + chunks2(bytes + 64 * chunk, AVX2_GROUP, carry, tables);
    for (; chunk + 4 <= chunks; chunk += 4) sum = sum * p256 + chunks2(bytes + 64 * chunk, 4, carry, tables);
    for (; chunk < chunks; chunk++) sum = sum * p64 + chunks2(bytes + 64 * chunk, 1, carry, tables);
    hash = prime_power(64 * (uint64_t)chunks) * hash + sum;
    return moslab_fnv1a64_portable(bytes + 64 * chunks, count % 64, hash);
}
#else
int moslab_fnv1a64_avx512_available(void) { return 0; }
int moslab_fnv1a64_avx2_available(void) { return 0; }
uint64_t moslab_fnv1a64_avx2(const uint8_t *bytes, size_t count, uint64_t hash) {
    return moslab_fnv1a64_portable(bytes, count, hash);
}
uint64_t moslab_fnv1a64_avx512(const uint8_t *bytes, size_t count, uint64_t hash) {
    return moslab_fnv1a64_portable(bytes, count, hash);
}
#endif
