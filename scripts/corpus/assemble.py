#!/usr/bin/env python3
"""Assemble one corpus clip from Asterisk prompt WAVs (called by build-corpus.sh).

Usage: assemble.py OUT.wav RATE PROMPT_DIR ITEM...
  ITEM is either an integer (milliseconds of digital silence) or a prompt name
  (PROMPT_DIR/NAME.wav, 16-bit mono at RATE Hz).

Each prompt is trimmed to its speech: 10 ms frames, first/last frame whose energy is
above TRIM_DB dBov, widened by PRE_MS before and POST_MS after (clamped to the file),
then a FADE_MS half-cosine fade-in/out is applied at the two cut points, so the
pauses are exactly the requested digital silence. Samples in between are copied
unchanged (no gain change, no resampling). Deterministic: same inputs, same bytes.
"""
import sys
import wave

import numpy as np

TRIM_DB = -55.0
PRE_MS = 40
POST_MS = 80
FADE_MS = 10


def read(path, rate):
    with wave.open(path, "rb") as w:
        if (w.getframerate(), w.getsampwidth(), w.getnchannels()) != (rate, 2, 1):
            raise SystemExit(f"{path}: expected {rate} Hz 16-bit mono, got "
                             f"{w.getframerate()} Hz {8 * w.getsampwidth()}-bit {w.getnchannels()} ch")
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.int32)


def trim(s, rate):
    fl = rate // 100
    nfr = len(s) // fl
    fr = s[: nfr * fl].astype(np.float64).reshape(nfr, fl) / 32768.0
    e = 10 * np.log10(np.mean(fr * fr, axis=1) + 1e-20)
    act = np.nonzero(e > TRIM_DB)[0]
    if act.size == 0:
        raise SystemExit("prompt has no speech above threshold")
    a = max(0, act[0] * fl - PRE_MS * rate // 1000)
    b = min(len(s), (act[-1] + 1) * fl + POST_MS * rate // 1000)
    seg = s[a:b].astype(np.float64)
    nf = FADE_MS * rate // 1000
    ramp = 0.5 - 0.5 * np.cos(np.pi * (np.arange(nf) + 0.5) / nf)
    if a > 0:
        seg[:nf] *= ramp
    if b < len(s):
        seg[-nf:] *= ramp[::-1]
    return np.rint(seg).astype(np.int16)


def main(argv):
    if len(argv) < 4:
        raise SystemExit(__doc__)
    out, rate, pdir, items = argv[0], int(argv[1]), argv[2], argv[3:]
    parts = []
    for it in items:
        if it.isdigit():
            parts.append(np.zeros(int(it) * rate // 1000, dtype=np.int16))
        else:
            parts.append(trim(read(f"{pdir}/{it}.wav", rate), rate))
    y = np.concatenate(parts)
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(y.astype("<i2").tobytes())
    print(f"{out}: {len(y) / rate:.3f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
