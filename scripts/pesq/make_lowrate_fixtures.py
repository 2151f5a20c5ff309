#!/usr/bin/env python3
"""Builds the very-low-rate codec fixtures for the P.862 oracle test (issue 14, "Models... P.862").

Usage (from the repository root; needs numpy, scipy, `pesq` from PyPI, the `flac` tool and a release build of
moslab; only this script needs them, not the build or the tests):

    pip install numpy scipy pesq && apt-get install flac && swift build -c release
    python3 scripts/pesq/make_lowrate_fixtures.py     # writes Tests/SignalQualityTests/Fixtures/lowrate/

Why: these codecs (Codec 2 700C/1200, AMR-NB 4.75, Opus 6 kbit/s) produce strongly smeared, vocoded speech whose
envelopes and waveforms correlate weakly with the reference, which exercises the discrete decisions of the time
alignment (crude delay plateaus, split breakpoints, re-alignment of bad intervals) much more than waveform codecs.

Degraded files come from `moslab codec NAME REF OUT` (encode + decode only, look-ahead removed, same length and
rate as the reference; the codec libraries are deterministic, so the files are reproducible). References are the
corpus clips (Corpus/nb at 8 kHz for narrowband, Corpus/wb at 16 kHz for wideband); the corpus has one talker
(the Asterisk prompts' voice), so "several talkers" here means several clips of different sentences.
The oracle is `pesq.pesq(fs, ref, deg, mode)` (ludlows/PESQ 0.0.4, the ITU-T P.862 Annex A reference code, without
Corrigendum 2), called on the int16 samples as float64. Degraded audio is stored as FLAC (checked bit-exact);
`Fixtures/lowrate/scores.csv` lists id, band, rate, reference (relative to the repository root), degraded
(relative to the folder), codec, and the oracle's MOS-LQO (P.862.1 for nb, P.862.2 for wb).
"""
import csv
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
import scipy.io.wavfile as wavfile
from pesq import pesq

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "SignalQualityTests", "Fixtures", "lowrate")
MOSLAB = os.environ.get("MOSLAB", os.path.join(ROOT, ".build", "release", "moslab"))

# (label, `moslab codec` arguments). Narrowband codecs run at 8 kHz; for wideband references `moslab codec`
# resamples to the codec's rate and back, which is what a 16 kHz call through a narrowband codec sounds like.
CODECS_NB = [
    ("codec2_700c", ["codec2", "--mode", "700C"]),
    ("codec2_1200", ["codec2", "--mode", "1200"]),
    ("amr_475", ["amr-nb", "--mode", "MR475"]),
    ("opus_nb_6", ["opus-nb-6"]),
]
CODECS_WB = [
    ("opus_wb_6", ["opus-wb-6"]),
    ("codec2_700c", ["codec2", "--mode", "700C"]),
    ("amr_475", ["amr-nb", "--mode", "MR475"]),
]


def run_codec(args, ref, out):
    subprocess.run([MOSLAB, "codec", args[0], ref, out] + args[1:], check=True, stdout=subprocess.DEVNULL)


def write_flac(path, fs, x16):
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "x.wav")
        wavfile.write(wav, fs, x16)
        subprocess.run(["flac", "-s", "-f", "-8", "-o", path, wav], check=True)
        back = os.path.join(tmp, "back.wav")
        subprocess.run(["flac", "-s", "-f", "-d", "-o", back, path], check=True)
        _, y = wavfile.read(back)
    assert np.array_equal(y, x16), path


def main():
    if not os.path.exists(MOSLAB):
        sys.exit(f"{MOSLAB} not found: run `swift build -c release` first (or set MOSLAB=path)")
    os.makedirs(OUT, exist_ok=True)
    for old in glob.glob(os.path.join(OUT, "*.flac")):
        os.remove(old)
    rows = []
    plans = [("nb", "nb", CODECS_NB), ("wb", "wb", CODECS_WB)]
    for band, folder, codecs in plans:
        refs = sorted(glob.glob(os.path.join(ROOT, "Corpus", folder, "*.wav")))
        for ref_path in refs:
            fs, ref16 = wavfile.read(ref_path)
            assert ref16.dtype == np.int16
            clip = os.path.basename(ref_path)[:-4]
            for label, args in codecs:
                pid = f"{band}_{clip}_{label}"
                with tempfile.TemporaryDirectory() as tmp:
                    out = os.path.join(tmp, "deg.wav")
                    run_codec(args, ref_path, out)
                    dfs, deg16 = wavfile.read(out)
                assert dfs == fs and deg16.dtype == np.int16, pid
                try:
                    mos = pesq(fs, ref16.astype(np.float64), deg16.astype(np.float64), band)
                except Exception as e:  # noqa: BLE001 -- a pair the oracle refuses is reported, not kept
                    print(f"skip {pid}: {e}", file=sys.stderr)
                    continue
                dpath = f"{pid}.flac"
                write_flac(os.path.join(OUT, dpath), fs, deg16)
                rows.append([pid, band, fs, os.path.relpath(ref_path, ROOT), dpath, label, f"{mos:.6f}"])
                print(f"{pid:44s} {mos:.4f}", flush=True)
    with open(os.path.join(OUT, "scores.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "band", "rate", "reference", "degraded", "codec", "mos_lqo"])
        w.writerows(rows)
    for band in ("nb", "wb"):
        m = [float(r[6]) for r in rows if r[1] == band]
        if m:
            print(f"{band}: {len(m)} pairs, MOS-LQO {min(m):.2f}-{max(m):.2f}")


if __name__ == "__main__":
    main()
