/*
 * g711_fixture_driver.c -- MOSLab tool (our code, not part of the STL).
 *
 * Links against the ITU-T G.191 STL G.711 module (src/g711/g711.c, g711.h,
 * https://github.com/openitu/STL) at build time and writes two binary
 * reference fixtures for the Swift G.711 codec tests:
 *
 *   <encode.bin> 131072 bytes. For i in 0..<65536, x = (int16_t)(uint16_t)i
 *                (0, 1, ..., 32767, -32768, ..., -1):
 *                  byte i         = ulaw_compress(x) & 0xFF
 *                  byte 65536 + i = alaw_compress(x) & 0xFF
 *   <decode.bin> 1024 bytes = 512 little-endian int16:
 *                  ulaw_expand(c) for c = 0..255, then alaw_expand(c) for c = 0..255
 *
 * The STL functions take 16-bit left-justified linear samples directly
 * (ulaw_compress uses the 14 MSBs, alaw_compress the 13 MSBs; the decoders
 * return 16-bit left-justified values), so no shifting is done here.
 *
 * Usage: g711_fixture_driver ENCODE_OUT DECODE_OUT
 * Exit status is non-zero if a spot check (MODELS.md section 6.3) fails.
 */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include "g711.h"

#define N 65536

static int check(const char *what, long got, long want) {
  if (got != want) {
    fprintf(stderr, "CHECK FAILED: %s = %ld (0x%lX), expected %ld (0x%lX)\n",
            what, got, (unsigned long)got & 0xFFFFUL, want, (unsigned long)want & 0xFFFFUL);
    return 1;
  }
  fprintf(stderr, "ok: %s = %ld (0x%lX)\n", what, got, (unsigned long)got & 0xFFFFUL);
  return 0;
}

int main(int argc, char **argv) {
  static short lin[N], ulaw[N], alaw[N];
  static short codes[256], udec[256], adec[256];
  static unsigned char enc[2 * N];
  unsigned char dec[1024];
  FILE *f;
  long i;
  int fails = 0;

  if (argc != 3) {
    fprintf(stderr, "usage: %s ENCODE_OUT DECODE_OUT\n", argv[0]);
    return 2;
  }

  for (i = 0; i < N; i++)
    lin[i] = (short)(int16_t)(uint16_t)i;
  ulaw_compress(N, lin, ulaw);
  alaw_compress(N, lin, alaw);
  for (i = 0; i < N; i++) {
    enc[i] = (unsigned char)(ulaw[i] & 0xFF);
    enc[N + i] = (unsigned char)(alaw[i] & 0xFF);
  }

  for (i = 0; i < 256; i++)
    codes[i] = (short)i;
  ulaw_expand(256, codes, udec);
  alaw_expand(256, codes, adec);
  for (i = 0; i < 256; i++) {
    uint16_t u = (uint16_t)(int16_t)udec[i], a = (uint16_t)(int16_t)adec[i];
    dec[2 * i] = (unsigned char)(u & 0xFF);
    dec[2 * i + 1] = (unsigned char)(u >> 8);
    dec[512 + 2 * i] = (unsigned char)(a & 0xFF);
    dec[512 + 2 * i + 1] = (unsigned char)(a >> 8);
  }

  /* Spot checks from MODELS.md 6.3 (index of x in enc is (uint16_t)x). */
  fails += check("mu(0)", enc[0], 0xFF);
  fails += check("A(0)", enc[N + 0], 0xD5);
  fails += check("mu(-1)", enc[0xFFFF], 0x7F);
  fails += check("A(-1)", enc[N + 0xFFFF], 0x55);
  fails += check("mu(32767)", enc[0x7FFF], 0x80);
  fails += check("A(32767)", enc[N + 0x7FFF], 0xAA);
  fails += check("mu(-32768)", enc[0x8000], 0x00);
  fails += check("A(-32768)", enc[N + 0x8000], 0x2A);
  fails += check("mu_dec(0xFF)", udec[0xFF], 0);
  fails += check("mu_dec(0x7F)", udec[0x7F], 0);
  fails += check("mu_dec(0x80)", udec[0x80], 32124);
  fails += check("mu_dec(0x00)", udec[0x00], -32124);
  fails += check("A_dec(0xD5)", adec[0xD5], 8);
  fails += check("A_dec(0x55)", adec[0x55], -8);
  fails += check("A_dec(0xAA)", adec[0xAA], 32256);
  fails += check("A_dec(0x2A)", adec[0x2A], -32256);

  f = fopen(argv[1], "wb");
  if (!f || fwrite(enc, 1, sizeof enc, f) != sizeof enc || fclose(f)) {
    perror(argv[1]);
    return 1;
  }
  f = fopen(argv[2], "wb");
  if (!f || fwrite(dec, 1, sizeof dec, f) != sizeof dec || fclose(f)) {
    perror(argv[2]);
    return 1;
  }
  if (fails) {
    fprintf(stderr, "%d spot check(s) failed\n", fails);
    return 1;
  }
  return 0;
}
