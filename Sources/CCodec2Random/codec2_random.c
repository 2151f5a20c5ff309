// libcodec2 (1.0.5) draws the random phases of unvoiced harmonics (phase_synth_zero_order) and the postfilter's
// noise from `codec2_rand`, a C library-style linear congruential generator whose state is one process-wide static
// variable. Its decoders are therefore not independent: a decode's output depends on every Codec 2 frame decoded
// before it in the process, and, with --jobs, on how the threads interleaved. That breaks "same scenario + same seed
// ⇒ same bytes".
//
// libcodec2 calls `codec2_rand` through its PLT, so a definition in the executable takes precedence (ELF symbol
// interposition; Package.swift exports this symbol dynamically). This one keeps the state per thread, and the
// Swift wrapper swaps each decoder's own state in around every libcodec2 call, so every decoder draws the sequence
// a fresh process would: the library's own generator, started from its initial state 1.
//
// The generator's constants are the library's (disassembly of libcodec2.so.1.0: next = next * 1103515245 + 12345
// on an unsigned long, result (next >> 16) & 0x7fff), i.e. the example generator of ISO C (7.22.2.2).
#include "codec2_random.h"

static _Thread_local uint64_t state = 1;
static _Thread_local uint64_t draws = 0;

int codec2_rand(void) {
    state = state * 1103515245u + 12345u;
    draws += 1;
    return (int)((state >> 16) & 0x7fff);
}

uint64_t moslab_codec2_random_exchange(uint64_t replacement) {
    uint64_t previous = state;
    state = replacement;
    return previous;
}

uint64_t moslab_codec2_random_draws(void) { return draws; }
