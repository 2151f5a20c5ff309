#!/usr/bin/env python3
"""Regenerates the MNRU cross-check fixture: MOSLab's `mnru-qQ` against the ITU-T G.191 STL chain, scored by P.862.

Usage (from the repository root; needs numpy, scipy and `pesq` from PyPI, the STL tools and a release build):

    scripts/mnru/build-stl-tools.sh /path/to/STL /tmp/stl-bin      # mnrudemo + c712demo from github.com/openitu/STL
    swift build -c release
    python3 scripts/mnru/stl-mnru-p862.py --stl-bin /tmp/stl-bin --moslab .build/release/moslab
        # writes Tests/SpeechCodecsTests/Fixtures/mnru_stl_p862.csv

For every narrowband corpus clip (Corpus/nb, 8 kHz 16-bit) and Q = 5, 10, ..., 45 dB:

* STL chain: `mnrudemo -q in out 256 1 0 Q M` (P.810 MNRU, modulated-noise mode, the STL's own DC filter, noise
  generator and output low-pass), then `c712demo` (the G.712 standard-PCM IIR band-pass at 8 kHz, no rate change).
  The input is padded with zeros to whole 256-sample blocks (mnrudemo drops a partial last block) and the output
  cut back to the clip's length.
* MOSLab: `moslab codec mnru-qQ clip out.wav` (P.810 MNRU + the flat 300-3400 Hz FIR band limit, docs/codecs.md).

Each degraded file is scored against the clean clip twice: by the oracle `pesq.pesq(8000, ref, deg, 'nb')`
(ludlows/PESQ, ITU-T P.862 reference code, P.862.1 MOS-LQO) and by `moslab score --band nb --json`. The CSV has one
row per clip and Q: clip, q, stl_oracle, stl_moslab, moslab_oracle, moslab_moslab. MNRUSTLAgreementTests compares
MOSLab's MNRU scored by MOSLab (recomputed in the test) with the STL chain scored by the oracle, as means over clips.
Audio is not kept (it is regenerated in seconds).
"""
import argparse
import csv
import glob
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import scipy.io.wavfile as wavfile
from pesq import pesq

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
QS = [5, 10, 15, 20, 25, 30, 35, 40, 45]


def stl_chain(stl_bin, samples, q, work):
    block = 256
    padded = np.concatenate([samples, np.zeros((-len(samples)) % block, dtype=np.int16)])
    raw_in, raw_mnru, raw_out = (os.path.join(work, n) for n in ("in.raw", "mnru.raw", "out.raw"))
    padded.astype("<i2").tofile(raw_in)
    subprocess.run([os.path.join(stl_bin, "mnrudemo"), "-q", raw_in, raw_mnru, str(block), "1", "0", str(q), "M"],
                   check=True, capture_output=True)
    subprocess.run([os.path.join(stl_bin, "c712demo"), raw_mnru, raw_out], check=True, capture_output=True)
    out = np.fromfile(raw_out, dtype="<i2")
    assert len(out) >= len(samples), (len(out), len(samples))
    return out[: len(samples)].astype(np.int16)


def moslab_score(moslab, reference, degraded):
    out = subprocess.run([moslab, "score", reference, degraded, "--band", "nb", "--json"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)["mos_lqo"]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--stl-bin", required=True, help="folder with mnrudemo and c712demo")
    parser.add_argument("--moslab", default=os.path.join(ROOT, ".build", "release", "moslab"))
    parser.add_argument("--out", default=os.path.join(ROOT, "Tests", "SpeechCodecsTests", "Fixtures", "mnru_stl_p862.csv"))
    args = parser.parse_args()
    clips = sorted(glob.glob(os.path.join(ROOT, "Corpus", "nb", "*.wav")))
    rows = []
    with tempfile.TemporaryDirectory() as work:
        for clip in clips:
            rate, ref = wavfile.read(clip)
            assert rate == 8000 and ref.dtype == np.int16, clip
            for q in QS:
                stl = stl_chain(args.stl_bin, ref, q, work)
                stl_wav = os.path.join(work, "stl.wav")
                wavfile.write(stl_wav, 8000, stl)
                ours_wav = os.path.join(work, "moslab.wav")
                subprocess.run([args.moslab, "codec", f"mnru-q{q}", clip, ours_wav], check=True,
                               capture_output=True)
                _, ours = wavfile.read(ours_wav)
                row = {
                    "clip": os.path.basename(clip),
                    "q": q,
                    "stl_oracle": pesq(8000, ref.astype(np.float64), stl.astype(np.float64), "nb"),
                    "stl_moslab": moslab_score(args.moslab, clip, stl_wav),
                    "moslab_oracle": pesq(8000, ref.astype(np.float64), ours.astype(np.float64), "nb"),
                    "moslab_moslab": moslab_score(args.moslab, clip, ours_wav),
                }
                rows.append(row)
                print(f"{row['clip']} Q{q}: STL {row['stl_oracle']:.3f} (moslab score {row['stl_moslab']:.3f}), "
                      f"MOSLab {row['moslab_oracle']:.3f} (moslab score {row['moslab_moslab']:.3f})", file=sys.stderr)
    with open(args.out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["clip", "q", "stl_oracle", "stl_moslab", "moslab_oracle", "moslab_moslab"])
        for r in rows:
            writer.writerow([r["clip"], r["q"]] + [f"{r[k]:.4f}" for k in ("stl_oracle", "stl_moslab", "moslab_oracle", "moslab_moslab")])
    print("Mean over clips per Q (STL oracle, MOSLab MNRU scored by MOSLab, difference):", file=sys.stderr)
    for q in QS:
        s = np.mean([r["stl_oracle"] for r in rows if r["q"] == q])
        m = np.mean([r["moslab_moslab"] for r in rows if r["q"] == q])
        print(f"Q{q}: {s:.3f} {m:.3f} {m - s:+.3f}", file=sys.stderr)
    print(f"wrote {args.out} ({len(rows)} rows)", file=sys.stderr)


if __name__ == "__main__":
    main()
