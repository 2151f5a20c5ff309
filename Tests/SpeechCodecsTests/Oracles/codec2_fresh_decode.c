/* Reference for Codec2ReproducibilityTests: decodes Codec 2 frames with libcodec2 alone, in a fresh process, so the
 * library's own process-wide codec2_rand runs from its initial state and nothing else draws from it.
 * usage: codec2_fresh_decode MODE_CONSTANT < frames > pcm   (raw frames in; native-endian int16 samples out) */
#include <codec2/codec2.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: %s MODE < frames > pcm\n", argv[0]); return 2; }
    struct CODEC2 *codec = codec2_create(atoi(argv[1]));
    if (!codec) { fprintf(stderr, "codec2_create failed\n"); return 1; }
    int samples = codec2_samples_per_frame(codec), bytes = codec2_bytes_per_frame(codec);
    unsigned char *frame = malloc(bytes);
    short *pcm = malloc(sizeof(short) * samples);
    while (fread(frame, 1, bytes, stdin) == (size_t)bytes) {
        codec2_decode(codec, pcm, frame);
        fwrite(pcm, sizeof(short), samples, stdout);
    }
    codec2_destroy(codec);
    return 0;
}
