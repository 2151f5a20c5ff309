/* A fixed-depth jitter buffer speaking MOSLab's external-buffer protocol 1 (docs/jitter-buffer-protocol.md).
 *
 * The same buffer as Examples/python-fixed-buffer/fixed_buffer.py, in C99 with no library beyond libc: anchored on
 * the first packet to arrive, at tick k it plays the packet whose RTP timestamp is first_ts - depth + k * step, and
 * drops packets whose turn has passed. The depth is rounded up to whole packets.
 *
 * Build: cc -O2 -o fixed_buffer fixed_buffer.c   (or `make`)
 * Spec:  jitter_buffer: {type: external, command: ./fixed_buffer, args: [--depth-ms, "40"]}
 *
 * MOSLab writes each message on one line with no spaces, so a field is found by its `"name":` prefix; a buffer
 * taking other input should use a real JSON parser. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 4096 /* packets held at most: a ring indexed by timestamp / step */

static const char *field(const char *line, const char *name) {
    char key[64];
    snprintf(key, sizeof key, "\"%s\":", name);
    const char *at = strstr(line, key);
    return at ? at + strlen(key) : NULL;
}

static double number(const char *line, const char *name) {
    const char *at = field(line, name);
    return at ? strtod(at, NULL) : 0;
}

static int is_type(const char *line, const char *type) {
    const char *at = field(line, "type");
    size_t n = strlen(type);
    return at && at[0] == '"' && strncmp(at + 1, type, n) == 0 && at[n + 1] == '"';
}

int main(int argc, char **argv) {
    double depth_ms = 40;
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--depth-ms") == 0) depth_ms = atof(argv[i + 1]);

    char *line = NULL;
    size_t capacity = 0;
    if (getline(&line, &capacity, stdin) < 0 || !is_type(line, "hello") || number(line, "protocol") != 1) {
        fprintf(stderr, "fixed_buffer: expected a protocol 1 hello\n");
        return 1;
    }
    long long clock = (long long)number(line, "rtp_clock_rate");
    long long step = (long long)(number(line, "ptime_ms") * clock / 1000 + 0.5);
    long long depth_units = (long long)(depth_ms * clock / 1000 + 0.5);
    long long depth = (depth_units + step - 1) / step * step;
    printf("{\"type\":\"hello\",\"protocol\":1,\"name\":\"c-fixed-%gms\"}\n", depth_ms);
    fflush(stdout);

    static long long slot_ts[SLOTS], slot_seq[SLOTS];
    static int slot_used[SLOTS];
    long long position = 0, drops[SLOTS];
    int anchored = 0, ndrops = 0;
    while (getline(&line, &capacity, stdin) >= 0) {
        if (is_type(line, "packet")) {
            long long ts = (long long)number(line, "rtp_timestamp"), seq = (long long)number(line, "seq");
            if (!anchored) { position = ts - depth; anchored = 1; }
            int slot = (int)(((ts / step) % SLOTS + SLOTS) % SLOTS);
            if (ts < position || slot_used[slot]) {
                if (ndrops < SLOTS) drops[ndrops++] = seq; /* late (or no room): dropped */
            } else {
                slot_ts[slot] = ts; slot_seq[slot] = seq; slot_used[slot] = 1;
            }
        } else if (is_type(line, "tick")) {
            int slot = (int)(((position / step) % SLOTS + SLOTS) % SLOTS);
            if (anchored && slot_used[slot] && slot_ts[slot] == position) {
                printf("{\"type\":\"play\",\"seq\":%lld", slot_seq[slot]);
                slot_used[slot] = 0;
            } else {
                printf("{\"type\":\"conceal\"");
            }
            if (ndrops > 0) {
                printf(",\"drop\":[");
                for (int i = 0; i < ndrops; i++) printf(i ? ",%lld" : "%lld", drops[i]);
                printf("]");
                ndrops = 0;
            }
            printf("}\n");
            fflush(stdout);
            if (anchored) position += step;
        } else if (is_type(line, "bye")) {
            break;
        }
    }
    free(line);
    return 0;
}
