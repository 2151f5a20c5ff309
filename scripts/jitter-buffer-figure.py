#!/usr/bin/env python3
"""Draws docs/figures/jitter-buffers-spike.svg: each buffer on the same spike trace (standard library only).

Usage (from the repository root, after `swift build -c release`):
    python3 scripts/jitter-buffer-figure.py
It runs `moslab network` on Examples/jitter-buffer-spikes/spike-*.yaml (600 packets, 12 s) and plots, per buffer,
the network delay (grey), the playout delay (playout - send, coloured) and late packets (red marks).
"""
import csv
import io
import subprocess

BUFFERS = [("fixed", "fixed 60 ms"), ("ramjee1", "Ramjee Alg. 1"), ("ramjee4", "Ramjee Alg. 4"), ("neteq", "NetEq-like + stretch")]
PACKETS = 600
W, PANEL, LEFT, TOP = 900, 150, 60, 30
YMAX = 450.0


def run(name):
    out = subprocess.run([".build/release/moslab", "network", f"Examples/jitter-buffer-spikes/spike-{name}.yaml",
                          "--packets", str(PACKETS)], check=True, capture_output=True, text=True).stdout
    return list(csv.DictReader(io.StringIO(out)))


def main():
    height = TOP + len(BUFFERS) * (PANEL + 30) + 30
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{height}" fill="white"/>',
           f'<text x="{LEFT}" y="18">Delay over time on the spike trace (60 ms ± 5 ms, 300 ms spike every 3 s): '
           'network delay (grey), playout delay (colour), late packets (red)</text>']
    tmax = PACKETS * 20 / 1000
    for i, (name, label) in enumerate(BUFFERS):
        rows = run(name)
        y0 = TOP + i * (PANEL + 30) + 10
        x = lambda t: LEFT + (W - LEFT - 20) * t / tmax
        y = lambda d: y0 + PANEL - PANEL * min(d, YMAX) / YMAX
        svg.append(f'<rect x="{LEFT}" y="{y0}" width="{W - LEFT - 20}" height="{PANEL}" fill="none" stroke="#999"/>')
        late = sum(1 for r in rows if r["fate"] == "late")
        svg.append(f'<text x="{LEFT + 5}" y="{y0 + 14}">{label}: {late} late of {len(rows)}</text>')
        for d in (0, 100, 200, 300, 400):
            svg.append(f'<text x="{LEFT - 8}" y="{y(d) + 4}" text-anchor="end">{d}</text>')
        net, play = [], []
        for r in rows:
            t = float(r["send_ms"]) / 1000
            if r["arrival_ms"]:
                net.append(f'{x(t):.1f},{y(float(r["arrival_ms"]) - float(r["send_ms"])):.1f}')
            play.append(f'{x(t):.1f},{y(float(r["playout_ms"]) - float(r["send_ms"])):.1f}')
            if r["fate"] == "late":
                svg.append(f'<line x1="{x(t):.1f}" y1="{y0 + PANEL - 8}" x2="{x(t):.1f}" y2="{y0 + PANEL}" stroke="red"/>')
        svg.append(f'<polyline points="{" ".join(net)}" fill="none" stroke="#bbb"/>')
        svg.append(f'<polyline points="{" ".join(play)}" fill="none" stroke="#1565c0" stroke-width="1.5"/>')
    svg.append(f'<text x="{W // 2}" y="{height - 8}" text-anchor="middle">send time, s (0 … {tmax:g}); delay, ms</text>')
    svg.append("</svg>")
    with open("docs/figures/jitter-buffers-spike.svg", "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
