#!/usr/bin/env python3
"""Times the `pesq` reference (PyPI, ITU-T P.862 Annex A code) on pairs of 16-bit WAV files.

Used only by `moslab-bench` (Sources/moslab-bench/PESQBench.swift), never by the product or its tests.
Input: a CSV file with columns reference,degraded,band (paths to 16-bit mono WAV, nb|wb), no header.
Output: one line per pair, "seconds mos", where seconds is the median CPU time (this thread) of `--repeats`
calls of pesq.pesq() alone (file reading excluded).
"""
import argparse
import csv
import statistics
import sys
import time

import numpy as np
import scipy.io.wavfile as wavfile
from pesq import pesq


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pairs")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    with open(args.pairs) as f:
        for ref_path, deg_path, band in csv.reader(f):
            fs, ref = wavfile.read(ref_path)
            _, deg = wavfile.read(deg_path)
            ref = ref.astype(np.float64)
            deg = deg.astype(np.float64)
            times = []
            for _ in range(args.repeats):
                t = time.thread_time()
                mos = pesq(fs, ref, deg, band)
                times.append(time.thread_time() - t)
            print(f"{statistics.median(times):.6f} {mos:.6f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
