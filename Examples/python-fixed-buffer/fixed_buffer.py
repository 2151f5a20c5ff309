#!/usr/bin/env python3
"""A fixed-depth jitter buffer speaking MOSLab's external-buffer protocol 1 (docs/jitter-buffer-protocol.md).

Anchored on the first packet to arrive, as MOSLab's built-in `fixed` buffer is: at tick k it plays the packet whose
RTP timestamp is first_ts - depth + k * step, and drops packets whose turn has passed. The depth is rounded up to
whole packets. Standard library only. Usage in a spec:
    jitter_buffer: {type: external, command: python3, args: [fixed_buffer.py, --depth-ms, "40"]}
"""
import json
import sys


def main() -> None:
    depth_ms = float(sys.argv[sys.argv.index("--depth-ms") + 1]) if "--depth-ms" in sys.argv else 40.0
    hello = json.loads(sys.stdin.readline())
    if hello.get("type") != "hello" or hello.get("protocol") != 1:
        sys.exit(f"fixed_buffer.py: expected a protocol 1 hello, got {hello}")
    step = round(hello["ptime_ms"] * hello["rtp_clock_rate"] / 1000)  # RTP timestamp units per packet
    depth = -(-round(depth_ms * hello["rtp_clock_rate"] / 1000) // step) * step  # whole packets, rounded up
    print(json.dumps({"type": "hello", "protocol": 1, "name": f"python-fixed-{depth_ms:g}ms"}), flush=True)

    buffered = {}  # RTP timestamp -> seq
    position = None  # RTP timestamp due at the next tick
    drops = []  # late packets, reported with the next answer
    for line in sys.stdin:
        message = json.loads(line)
        kind = message["type"]
        if kind == "packet":
            timestamp = message["rtp_timestamp"]
            if position is None:
                position = timestamp - depth  # the first arrival plays `depth` from now
            if timestamp < position:
                drops.append(message["seq"])  # its tick has passed: late
            else:
                buffered[timestamp] = message["seq"]
        elif kind == "tick":
            seq = buffered.pop(position, None) if position is not None else None
            answer = {"type": "play", "seq": seq} if seq is not None else {"type": "conceal"}
            if drops:
                answer["drop"], drops = drops, []
            sys.stdout.write(json.dumps(answer) + "\n")
            sys.stdout.flush()
            if position is not None:
                position += step
        elif kind == "bye":
            break


if __name__ == "__main__":
    main()
