#!/usr/bin/env python3
"""Cross-check the G.711 STL fixtures.

Usage: python3.11 scripts/g711/check-g711-fixture.py [STL_SRC_DIR]

1. Spot test vectors from /work/shared/MODELS.md section 6.3.
2. Python's audioop (Python <= 3.12 only) against the fixtures: A-law encode,
   A-law decode and mu-law decode must agree everywhere; mu-law encode is
   expected to differ on exactly 508 negative inputs (audioop truncates
   negatives with an arithmetic shift, the STL uses one's complement).
3. If STL_SRC_DIR is given: the STL's own test vectors
   src/g711/test_data/sweep.src, sweep-r.u, sweep-r.a, sweep-r.u-u, sweep-r.a-a
   (all 65536 16-bit inputs; stored little-endian in the git repo, although
   the STL README says big-endian).
Exit status 1 on any unexpected result.
"""
import os
import sys
import warnings

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "..", "Tests", "SpeechCodecsTests", "Fixtures")

enc = np.fromfile(os.path.join(FIX, "g711_stl_encode.bin"), np.uint8)
dec = np.fromfile(os.path.join(FIX, "g711_stl_decode.bin"), "<i2")
assert enc.size == 131072 and dec.size == 512
mu_enc, a_enc = enc[:65536], enc[65536:]
mu_dec, a_dec = dec[:256], dec[256:]
x = np.arange(65536, dtype=np.uint16).view(np.int16)  # 0..32767, -32768..-1

ok = True


def expect(name, got, want):
    global ok
    good = got == want
    ok &= good
    print(f"{'ok  ' if good else 'FAIL'} {name}: {got} (expected {want})")


def u16(v):
    return int(np.uint16(np.int16(v)))


for v, mu, a in [(0, 0xFF, 0xD5), (-1, 0x7F, 0x55), (32767, 0x80, 0xAA), (-32768, 0x00, 0x2A)]:
    expect(f"mu_enc({v})", hex(mu_enc[u16(v)]), hex(mu))
    expect(f"A_enc({v})", hex(a_enc[u16(v)]), hex(a))
for c, want in [(0xFF, 0), (0x7F, 0), (0x80, 32124), (0x00, -32124)]:
    expect(f"mu_dec({c:#04x})", int(mu_dec[c]), want)
for c, want in [(0xD5, 8), (0x55, -8), (0xAA, 32256), (0x2A, -32256)]:
    expect(f"A_dec({c:#04x})", int(a_dec[c]), want)

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import audioop
except ImportError:
    audioop = None
    print("skip audioop checks (audioop was removed in Python 3.13; use python3.11)")
if audioop is not None:
    pcm = x.astype("<i2").tobytes()
    au_mu = np.frombuffer(audioop.lin2ulaw(pcm, 2), np.uint8)
    au_a = np.frombuffer(audioop.lin2alaw(pcm, 2), np.uint8)
    codes = bytes(range(256))
    au_mud = np.frombuffer(audioop.ulaw2lin(codes, 2), "<i2")
    au_ad = np.frombuffer(audioop.alaw2lin(codes, 2), "<i2")
    d = np.nonzero(au_mu != mu_enc)[0]
    expect("audioop mu-law encode mismatches", int(d.size), 508)
    expect("  ...of which negative inputs", int((x[d] < 0).sum()), 508)
    if d.size:
        step = np.abs(mu_dec[au_mu[d]].astype(int) - mu_dec[mu_enc[d]].astype(int))
        print(f"     mismatching inputs span {int(x[d].min())}..{int(x[d].max())}; "
              f"decoded difference {int(step.min())}..{int(step.max())} (one quantiser step)")
    expect("audioop A-law encode mismatches", int((au_a != a_enc).sum()), 0)
    expect("audioop mu-law decode mismatches", int((au_mud != mu_dec).sum()), 0)
    expect("audioop A-law decode mismatches", int((au_ad != a_dec).sum()), 0)

if len(sys.argv) > 1:
    t = os.path.join(sys.argv[1], "src", "g711", "test_data")
    rd = lambda n: np.fromfile(os.path.join(t, n), "<i2")
    src = rd("sweep.src")
    idx = src.view(np.uint16)
    su, sa = rd("sweep-r.u") & 0xFF, rd("sweep-r.a") & 0xFF
    expect("STL sweep distinct inputs", int(np.unique(src).size), 65536)
    expect("STL sweep-r.u  (mu encode) mismatches", int((mu_enc[idx] != su).sum()), 0)
    expect("STL sweep-r.a  (A encode) mismatches", int((a_enc[idx] != sa).sum()), 0)
    expect("STL sweep-r.u-u (mu decode) mismatches", int((mu_dec[su] != rd("sweep-r.u-u")).sum()), 0)
    expect("STL sweep-r.a-a (A decode) mismatches", int((a_dec[sa] != rd("sweep-r.a-a")).sum()), 0)

print("ALL OK" if ok else "FAILURES")
sys.exit(0 if ok else 1)
