#!/usr/bin/env python3
"""Cross-checks `moslab score` against the `pesq` reference on random pairs outside the committed fixtures.

Usage: python3 scripts/pesq/crosscheck.py [N] [--seed S] [--moslab .build/release/moslab]
Builds N random degraded versions of the fixture references (random splices: cuts, inserted silence, leading
delay or advance; noise; clipping; level), in a temporary folder, scores them with both, and prints RMSE,
Pearson r and max |difference|, plus the worst pairs. Pairs the reference refuses are skipped.
"""
import argparse
import json
import os
import subprocess
import tempfile

import numpy as np
import scipy.io.wavfile as wavfile
from pesq import pesq

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIX = os.path.join(ROOT, "Tests", "SignalQualityTests", "Fixtures")


def decode(path):
    out = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "s16le", "-"], check=True,
                         capture_output=True).stdout
    return np.frombuffer(out, dtype=np.int16).astype(np.float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=40)
    ap.add_argument("--seed", type=int, default=2)
    ap.add_argument("--moslab", default=os.path.join(ROOT, ".build", "release", "moslab"))
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    refs = [("nb", 8000, f"nb_ref{i}.flac") for i in range(4)] + [("wb", 16000, f"wb_ref{i}.flac") for i in range(3)]
    rows, expected = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for t in range(args.n):
            band, fs, name = refs[int(rng.integers(len(refs)))]
            x = decode(os.path.join(FIX, name))
            y = x.copy()
            for _ in range(int(rng.integers(0, 5))):
                at, length = int(rng.integers(len(y))), int(rng.integers(fs // 50, fs // 4))
                kind = rng.integers(4)
                if kind == 0:
                    y = np.concatenate([y[:at], np.zeros(length), y[at:]])
                elif kind == 1:
                    y = np.concatenate([y[:at], y[at + length:]])
                elif kind == 2:
                    y = np.concatenate([np.zeros(int(rng.integers(fs))), y])
                else:
                    y = y[int(rng.integers(fs // 2)):]
            if rng.random() < 0.6:
                snr = rng.uniform(0, 40)
                p = np.mean(x[np.abs(x) > 30] ** 2)
                y = y + rng.standard_normal(len(y)) * np.sqrt(p / 10 ** (snr / 10))
            if rng.random() < 0.3:
                m = rng.uniform(0.05, 0.5) * np.abs(y).max()
                y = np.clip(y, -m, m)
            y = y * 10 ** (rng.uniform(-15, 8) / 20)
            y16 = np.clip(np.round(y), -32768, 32767).astype(np.int16)
            ref_path, deg_path = os.path.join(tmp, f"r{t}.wav"), os.path.join(tmp, f"d{t}.wav")
            wavfile.write(ref_path, fs, x.astype(np.int16))
            wavfile.write(deg_path, fs, y16)
            try:
                mos = pesq(fs, x, y16.astype(np.float64), band)
            except Exception:  # noqa: BLE001
                continue
            rows.append((ref_path, deg_path, band))
            expected.append(mos)
        ours = []
        for ref_path, deg_path, band in rows:
            out = subprocess.run([args.moslab, "score", ref_path, deg_path, "--band", band, "--json"],
                                 capture_output=True, text=True)
            ours.append(json.loads(out.stdout)["mos_lqo"] if out.returncode == 0 else float("nan"))
    e, o = np.array(expected), np.array(ours)
    d = o - e
    ok = np.isfinite(d)
    print(f"{ok.sum()} of {len(d)} pairs scored; RMSE {np.sqrt(np.mean(d[ok] ** 2)):.5f}, "
          f"Pearson r {np.corrcoef(e[ok], o[ok])[0, 1]:.6f}, max |Δ| {np.max(np.abs(d[ok])):.5f}")
    for i in np.argsort(-np.abs(np.nan_to_num(d, nan=9)))[:5]:
        print(f"  pair {i}: {rows[i][2]} reference {e[i]:.4f} ours {o[i]:.4f}")


if __name__ == "__main__":
    main()
