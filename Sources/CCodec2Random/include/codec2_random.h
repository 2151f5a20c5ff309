#ifndef MOSLAB_CODEC2_RANDOM_H
#define MOSLAB_CODEC2_RANDOM_H
#include <stdint.h>

/// Installs `state` as this thread's Codec 2 random state and returns the one it replaces (see codec2_random.c).
uint64_t moslab_codec2_random_exchange(uint64_t state);

/// How many times libcodec2 drew from MOSLab's generator on this thread (0 means the interposition is not active).
uint64_t moslab_codec2_random_draws(void);

#endif
