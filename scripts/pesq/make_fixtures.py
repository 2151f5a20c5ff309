#!/usr/bin/env python3
"""Builds the P.862 oracle fixture set for SignalQualityTests.

Usage (from the repository root; needs numpy, scipy, `pesq` from PyPI and ffmpeg):

    pip install numpy scipy pesq && apt-get install ffmpeg asterisk-core-sounds-en-wav asterisk-core-sounds-en-g722
    python3 scripts/pesq/make_fixtures.py            # writes Tests/SignalQualityTests/Fixtures/

Reference speech: Debian's asterisk-core-sounds-en prompts (8 kHz .wav; 16 kHz from the G.722 .g722 files,
decoded by ffmpeg), concatenated into 8-10 s clips with 0.3-0.8 s pauses. Degradations are deterministic
(numpy seed 862). Every degraded file is 16-bit PCM; all audio is stored as FLAC (lossless, read back and
checked bit-exact). The oracle is `pesq.pesq(fs, ref, deg, mode)` (ludlows/PESQ, the ITU-T P.862 Annex A
reference code, without Corrigendum 2), called on the int16 samples as float64, exactly as written.
`scores.csv` lists id, band, rate, reference, degraded, condition, and the oracle's MOS-LQO
(P.862.1 for nb, P.862.2 for wb).
"""
import audioop
import csv
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
import scipy.io.wavfile as wavfile
import scipy.signal as sps
from pesq import pesq

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "SignalQualityTests", "Fixtures")
SOUNDS = "/usr/share/asterisk/sounds/en"
rng = np.random.default_rng(862)


def read_prompt_8k(path):
    fs, x = wavfile.read(path)
    assert fs == 8000 and x.dtype == np.int16
    return x.astype(np.float64)


def read_prompt_16k(path):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "x.wav")
        subprocess.run(["ffmpeg", "-v", "error", "-f", "g722", "-i", path, "-ar", "16000", "-ac", "1", out],
                       check=True)
        fs, x = wavfile.read(out)
    assert fs == 16000
    return x.astype(np.float64)


def prompts(ext):
    names = sorted(os.path.basename(p)[: -len(ext)] for p in glob.glob(os.path.join(SOUNDS, "*" + ext)))
    # Skip tones and beeps: P.862 is for speech.
    return [n for n in names if not any(k in n for k in ("tone", "beep", "silence", "dtmf"))]


def build_clip(names, reader, ext, fs, seconds, used):
    """Concatenates prompts (with pauses) into a clip of `seconds`, normalised to about -26 dBov active."""
    parts = [np.zeros(int(0.4 * fs))]
    total = parts[0].size
    while total < seconds * fs:
        name = names[int(rng.integers(len(names)))]
        if name in used:
            continue
        used.add(name)
        x = reader(os.path.join(SOUNDS, name + ext))
        if x.size > 4 * fs or x.size < 0.5 * fs:
            continue
        pause = np.zeros(int(rng.uniform(0.3, 0.8) * fs))
        parts += [x, pause]
        total += x.size + pause.size
    clip = np.concatenate(parts)[: int(seconds * fs)]
    clip[-int(0.2 * fs):] = 0
    active = np.abs(clip) > 0.01 * np.abs(clip).max()
    rms = np.sqrt(np.mean(clip[active] ** 2))
    return clip * (32768 * 10 ** (-26 / 20) / rms)


def q16(x):
    return np.clip(np.round(x), -32768, 32767).astype(np.int16)


# ---------------------------------------------------------------- degradations (float in 16-bit units)
def white(x, snr, fs):
    n = rng.standard_normal(x.size)
    p = np.mean(x[np.abs(x) > 30] ** 2)
    return x + n * np.sqrt(p / 10 ** (snr / 10))


def babble(x, snr, fs, pool):
    b = np.zeros(x.size)
    for clip in pool:
        off = int(rng.integers(0, clip.size))
        b += np.roll(clip, off)[: x.size] if clip.size >= x.size else np.resize(clip, x.size)
    p = np.mean(x[np.abs(x) > 30] ** 2)
    return x + b * np.sqrt(p / 10 ** (snr / 10) / np.mean(b ** 2))


def mnru(x, q, fs):
    """P.810-style modulated noise: y = x (1 + 10^(-Q/20) n)."""
    return x * (1 + 10 ** (-q / 20) * rng.standard_normal(x.size))


def g711(x, law):
    b = q16(x).tobytes()
    if law == "u":
        y = audioop.ulaw2lin(audioop.lin2ulaw(b, 2), 2)
    else:
        y = audioop.alaw2lin(audioop.lin2alaw(b, 2), 2)
    return np.frombuffer(y, dtype=np.int16).astype(np.float64)


def loss_mask(nframes, p, burst=None):
    """Bernoulli loss, or a Gilbert model with mean burst length `burst` frames and loss rate p."""
    lost = np.zeros(nframes, dtype=bool)
    if burst is None:
        lost = rng.random(nframes) < p
    else:
        r = 1 / burst
        q = p * r / (1 - p)
        state = False
        for i in range(nframes):
            state = (rng.random() >= r) if state else (rng.random() < q)
            lost[i] = state
    return lost


def packet_loss(x, fs, p, burst=None, conceal="zero"):
    frame = int(0.02 * fs)
    n = x.size // frame
    lost = loss_mask(n, p, burst)
    y = x.copy()
    last = np.zeros(frame)
    for i in range(n):
        seg = slice(i * frame, (i + 1) * frame)
        if lost[i]:
            if conceal == "zero":
                y[seg] = 0
            else:
                last = last * 0.7
                y[seg] = last
        else:
            last = x[seg].copy()
    return y


def butter(x, fs, kind, f, order=6):
    sos = sps.butter(order, f, btype=kind, fs=fs, output="sos")
    return sps.sosfilt(sos, x)


def clip_at(x, frac):
    m = frac * np.abs(x).max()
    return np.clip(x, -m, m)


def delay(x, fs, ms):
    d = int(ms * fs / 1000)
    return np.concatenate([np.zeros(d), x])[: x.size + d]


def variable_delay(x, fs, events):
    """events: list of (time_s, ms) — insert ms>0 of silence / remove -ms at time_s (jitter-buffer moves)."""
    y = x
    for t, ms in sorted(events, reverse=True):
        i, n = int(t * fs), int(abs(ms) * fs / 1000)
        if ms > 0:
            y = np.concatenate([y[:i], np.zeros(n), y[i:]])
        else:
            y = np.concatenate([y[:i], y[i + n:]])
    return y


def stretch_repeat(x, fs, events):
    """Insert ms>0 by repeating the preceding ms of signal (as a jitter buffer's expand does)."""
    y = x
    for t, ms in sorted(events, reverse=True):
        i, n = int(t * fs), int(ms * fs / 1000)
        y = np.concatenate([y[:i], y[i - n:i] * 0.8, y[i:]])
    return y


def conditions(fs, pool):
    """(name, function of the reference) — chosen to spread MOS-LQO over 1.2-4.5."""
    c = [
        ("g711u", lambda x: g711(x, "u")),
        ("g711a", lambda x: g711(x, "a")),
        ("g711u_loss3", lambda x: packet_loss(g711(x, "u"), fs, 0.03)),
        ("mnru_q8", lambda x: mnru(x, 8, fs)),
        ("mnru_q15", lambda x: mnru(x, 15, fs)),
        ("mnru_q22", lambda x: mnru(x, 22, fs)),
        ("mnru_q30", lambda x: mnru(x, 30, fs)),
        ("mnru_q40", lambda x: mnru(x, 40, fs)),
        ("loss2_zero", lambda x: packet_loss(x, fs, 0.02)),
        ("loss8_zero", lambda x: packet_loss(x, fs, 0.08)),
        ("loss20_zero", lambda x: packet_loss(x, fs, 0.20)),
        ("loss5_repeat", lambda x: packet_loss(x, fs, 0.05, conceal="repeat")),
        ("loss15_repeat", lambda x: packet_loss(x, fs, 0.15, conceal="repeat")),
        ("burst10_zero", lambda x: packet_loss(x, fs, 0.10, burst=4)),
        ("burst25_zero", lambda x: packet_loss(x, fs, 0.25, burst=6)),
        ("burst10_repeat", lambda x: packet_loss(x, fs, 0.10, burst=4, conceal="repeat")),
        ("white_snr0", lambda x: white(x, 0, fs)),
        ("white_snr10", lambda x: white(x, 10, fs)),
        ("white_snr20", lambda x: white(x, 20, fs)),
        ("white_snr35", lambda x: white(x, 35, fs)),
        ("babble_snr0", lambda x: babble(x, 0, fs, pool)),
        ("babble_snr10", lambda x: babble(x, 10, fs, pool)),
        ("babble_snr20", lambda x: babble(x, 20, fs, pool)),
        ("lowpass_2k", lambda x: butter(x, fs, "lowpass", 2000)),
        ("lowpass_1k", lambda x: butter(x, fs, "lowpass", 1000)),
        ("highpass_500", lambda x: butter(x, fs, "highpass", 500)),
        ("bandpass_500_2500", lambda x: butter(x, fs, "bandpass", [500, 2500], 4)),
        ("clip_30", lambda x: clip_at(x, 0.3)),
        ("clip_08", lambda x: clip_at(x, 0.08)),
        ("clip_02", lambda x: clip_at(x, 0.02)),
        ("level_m20", lambda x: x * 10 ** (-20 / 20)),
        ("level_p10", lambda x: x * 10 ** (10 / 20)),
        ("level_m6_noise", lambda x: white(x, 25, fs) * 0.5),
        ("delay_60", lambda x: delay(white(x, 30, fs), fs, 60)),
        ("delay_250", lambda x: delay(mnru(x, 20, fs), fs, 250)),
        ("delay_500", lambda x: delay(x, fs, 500)),
        ("vardelay_insert", lambda x: variable_delay(x, fs, [(2.5, 40), (5.0, 80), (7.0, 120)])),
        ("vardelay_remove", lambda x: variable_delay(x, fs, [(3.0, -40), (6.0, -60)])),
        ("vardelay_mixed", lambda x: variable_delay(white(x, 30, fs), fs, [(2.0, 60), (4.5, -40), (7.5, 100)])),
        ("vardelay_repeat", lambda x: stretch_repeat(x, fs, [(2.2, 40), (4.8, 60), (6.5, 40)])),
        ("codec_loss_delay", lambda x: delay(packet_loss(g711(x, "a"), fs, 0.1, burst=3), fs, 120)),
        ("noise_loss", lambda x: packet_loss(white(x, 15, fs), fs, 0.05)),
    ]
    return c


def write_flac(path, fs, x16):
    with tempfile.TemporaryDirectory() as tmp:
        wav = os.path.join(tmp, "x.wav")
        wavfile.write(wav, fs, x16)
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", wav, "-c:a", "flac", "-compression_level", "8",
                        path], check=True)
        back = os.path.join(tmp, "back.wav")
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", path, "-c:a", "pcm_s16le", back], check=True)
        _, y = wavfile.read(back)
    assert np.array_equal(y, x16), path


def main():
    os.makedirs(OUT, exist_ok=True)
    for old in glob.glob(os.path.join(OUT, "*.flac")):
        os.remove(old)
    rows = []
    plans = [("nb", 8000, ".wav", read_prompt_8k, 4, 2), ("wb", 16000, ".g722", read_prompt_16k, 3, 1)]
    for band, fs, ext, reader, nrefs, per in plans:
        names = prompts(ext)
        used = set()
        refs = [build_clip(names, reader, ext, fs, float(rng.uniform(8.0, 9.5)), used) for _ in range(nrefs)]
        pool = [build_clip(names, reader, ext, fs, 9.0, used) for _ in range(5)]
        conds = conditions(fs, pool)
        ref16 = []
        for r, ref in enumerate(refs):
            x16 = q16(ref)
            ref16.append(x16)
            write_flac(os.path.join(OUT, f"{band}_ref{r}.flac"), fs, x16)
        # Each reference gets every condition for nb (4 x 42 would be too much audio): spread them round-robin,
        # `per` references per condition.
        k = 0
        for ci, (cname, fn) in enumerate(conds):
            if band == "wb" and ci % 2 == 1 and cname not in ("vardelay_remove", "delay_500", "level_p10"):
                continue
            for j in range(per):
                r = (ci + j) % nrefs
                deg16 = q16(fn(ref16[r].astype(np.float64)))
                pid = f"{band}{k:03d}_{cname}"
                k += 1
                dpath = f"{pid}.flac"
                write_flac(os.path.join(OUT, dpath), fs, deg16)
                try:
                    mos = pesq(fs, ref16[r].astype(np.float64), deg16.astype(np.float64), band)
                except Exception as e:  # noqa: BLE001 — a fixture the oracle refuses is reported, not kept
                    print(f"skip {pid}: {e}", file=sys.stderr)
                    os.remove(os.path.join(OUT, dpath))
                    continue
                rows.append([pid, band, fs, f"{band}_ref{r}.flac", dpath, cname, f"{mos:.6f}"])
                print(f"{pid:40s} {mos:.4f}", flush=True)
    with open(os.path.join(OUT, "scores.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "band", "rate", "reference", "degraded", "condition", "mos_lqo"])
        w.writerows(rows)
    nb = [float(r[6]) for r in rows if r[1] == "nb"]
    wb = [float(r[6]) for r in rows if r[1] == "wb"]
    print(f"nb: {len(nb)} pairs, MOS {min(nb):.2f}-{max(nb):.2f}; wb: {len(wb)} pairs, MOS {min(wb):.2f}-{max(wb):.2f}")


if __name__ == "__main__":
    main()
