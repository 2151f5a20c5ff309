#!/usr/bin/env bash
# Runs the bad-input catalogue of docs/bad-input.md against a moslab binary and prints, per case: the case, the exit
# code, the first line of stderr and a verdict (PASS: the documented behaviour; FAIL: anything else, with why).
#
#   scripts/bad-input-catalogue.sh [MOSLAB_BINARY]        (default .build/release/moslab)
#
# Every case runs in its own scratch folder under $TMPDIR, with a time limit (a hang is a FAIL, not a wait) and a
# 4 GB address-space limit (an unbounded allocation fails fast instead of swapping the machine). The verdict checks
# the exit status (0 ok, 1 a check/run failed, 2 bad input or usage), the message where the docs promise one, and
# that inputs are intact and nothing is written outside --out. Needs bash, coreutils and python3 (stdlib only, to
# write the odd WAV files). Exit status: 0 when every case passes, 1 otherwise.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
moslab="$(realpath "${1:-$root/.build/release/moslab}")"
[ -x "$moslab" ] || { echo "usage: $0 MOSLAB_BINARY (not found: $moslab)" >&2; exit 2; }
clip="$root/Corpus/nb/nb01-directory.wav"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/moslab-catalogue.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
passed=0
failed=0

# run CASE SECONDS EXPECTED_EXIT STDERR_PATTERN CHECK -- ARGS...
#   STDERR_PATTERN: an extended regex stderr must match ('' for none). CHECK: a shell command run after it that
#   must succeed (inputs intact, no litter), '' for none. The case's folder is $dir (current directory).
run() {
    local name="$1" seconds="$2" expected="$3" pattern="$4" check="$5"
    shift 6
    local code why=""
    (cd "$dir" && ulimit -v 4000000 && timeout -k 5 "$seconds" "$moslab" "$@" >"$dir/.stdout" 2>"$dir/.stderr") 2>/dev/null
    code=$?
    local first
    first="$(grep -m1 -v '^[[:space:]]*$' "$dir/.stderr" | cut -c1-150)"
    if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
        why="timed out after ${seconds} s"
    elif [ "$code" -ge 128 ]; then
        why="killed by signal $((code - 128))"
    elif [ "$code" -ne "$expected" ]; then
        why="exit $code, expected $expected"
    elif [ -n "$pattern" ] && ! grep -qE "$pattern" "$dir/.stderr"; then
        why="stderr lacks /$pattern/"
    elif [ -n "$check" ] && ! (cd "$dir" && eval "$check") >/dev/null 2>&1; then
        why="check failed: $check"
    fi
    if [ -z "$why" ]; then verdict="PASS"; passed=$((passed + 1)); else verdict="FAIL ($why)"; failed=$((failed + 1)); fi
    printf '%s\t%s\t%s\t%s\n' "$name" "$code" "${first:-(no stderr)}" "$verdict"
}

new_case() { dir="$scratch/$1"; mkdir -p "$dir"; }
spec() { printf 'name: %s\nreference: %s\n%s\n' "$1" "$clip" "${2:-}" >"$dir/${3:-s.yaml}"; }

printf 'case\texit\tfirst stderr line\tverdict\n'

# --- Specs -------------------------------------------------------------------------------------------------------
new_case deep-brackets
{ printf 'name: deep\nreference: %s\nexpect: ' "$clip"; head -c 5000 /dev/zero | tr '\0' '['; echo; } >"$dir/s.yaml"
run spec-5000-open-brackets 30 2 'deeper than' '' -- validate s.yaml

new_case deep-mappings
python3 - "$dir/s.yaml" "$clip" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write(f"name: deep\nreference: {sys.argv[2]}\nexpect:\n")
    for i in range(3000):
        f.write("  " * (i + 1) + "a:\n")
    f.write("  " * 3001 + "1\n")
EOF
run spec-3000-nested-mappings 30 2 'deeper than' '' -- validate s.yaml

new_case matrix
{ printf 'name: big\nreference: %s\nmatrix:\n' "$clip"; for i in 0 1 2 3 4 5 6 7 8; do printf '  emodel.A%s: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n' "$i"; done; } >"$dir/s.yaml"
run spec-9-axis-matrix 20 2 '1000000000 combinations' '[ ! -e out ]' -- run s.yaml --out out --yes

new_case many-keys
{ printf 'name: keys\nreference: %s\nexpect:\n' "$clip"; for i in $(seq 1 20000); do printf '  k%s: {min: 1}\n' "$i"; done; } >"$dir/s.yaml"
run spec-20000-expect-keys 10 2 "unknown result field" '' -- validate s.yaml

new_case duplicate-key
spec dup 'plc: repeat
plc: silence'
run spec-duplicate-key 30 2 'duplicate key' '' -- validate s.yaml

new_case dotdot
mkdir -p "$dir/parent/out"
spec ..
run spec-name-dotdot 60 2 "may not start with '\\.'" '[ "$(ls parent)" = out ]' -- run s.yaml --out parent/out

new_case same-name
mkdir -p "$dir/specs"
spec twin '' specs/a.yaml
spec twin '' specs/b.yaml
run spec-two-specs-one-name 120 2 'a\.yaml|b\.yaml' '[ ! -e out/twin ]' -- run specs --out out

new_case expect-typo
spec typo 'expect: {signal_mos: {min: 1}, sigal_mos: {min: 1}}'
run validate-unknown-expect-field 30 2 "sigal_mos" '' -- validate s.yaml

new_case emodel-symbol
spec sym 'emodel: {Iee: 3}'
run validate-unknown-emodel-symbol 30 2 "Iee" '' -- validate s.yaml

new_case buffer-missing
spec missing 'jitter_buffer: {type: external, command: no-such-buffer-xyz}'
run validate-buffer-not-found 30 2 "no-such-buffer-xyz" '' -- validate s.yaml

new_case buffer-spaces
spec spaces 'jitter_buffer: {type: external, command: python3 buffer.py}'
run validate-command-with-spaces 30 2 "args" '' -- validate s.yaml

# --- Audio -------------------------------------------------------------------------------------------------------
new_case audio
cp "$clip" "$dir/ref.wav"
cp "$clip" "$dir/cut.wav" && truncate -s -6000 "$dir/cut.wav"
python3 - "$dir" <<'EOF'
import math, struct, sys, wave
folder = sys.argv[1]
def float_wav(path, samples, rate=8000):
    data = struct.pack(f"<{len(samples)}f", *samples)
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    with open(path, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 4 + 8 + len(fmt) + 8 + len(data)) + b"WAVE")
        f.write(b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(data)) + data)
tone = [0.3 * math.sin(0.1 * i) for i in range(80000)]
float_wav(f"{folder}/nan.wav", tone[:40000] + [float("nan")] + tone[40001:])
float_wav(f"{folder}/huge.wav", tone[:40000] + [1e30] + tone[40001:])
with wave.open(f"{folder}/long.wav", "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
    w.writeframes(b"\0\0" * (8000 * 660))
EOF
run audio-truncated-wav 60 2 'truncated' '' -- score ref.wav cut.wav
run audio-nan-sample 60 2 'sample [0-9]+ .*is NaN' '' -- score ref.wav nan.wav
run audio-1e30-sample 60 2 'outside' '' -- score ref.wav huge.wav
run audio-11-minute-clip 30 2 'longer than|600 s|10 min' '' -- score long.wav long.wav

# --- network -----------------------------------------------------------------------------------------------------
new_case network
cp "$root/Scenarios/office-lan-g711.yaml" "$dir/s.yaml"
run network-1e9-packets 30 2 'more than' '' -- network s.yaml --packets 1000000000

# --- Outputs never replace inputs, no litter ---------------------------------------------------------------------
new_case trace-in-out
{ echo lost; for i in $(seq 1 200); do printf '0\n1\n0\n0\n'; done; } >"$dir/results.csv"
cp "$dir/results.csv" "$dir/.original"
spec t 'network: {loss: {model: trace, file: results.csv}}'
run out-trace-named-results-csv 120 2 'refusing to overwrite an input file' 'cmp -s results.csv .original' -- run s.yaml --out .

new_case baseline-over-spec
spec b
cp "$dir/s.yaml" "$dir/.original"
run out-baseline-over-spec 120 2 'refusing to overwrite' 'cmp -s s.yaml .original' -- baseline s.yaml --out s.yaml

new_case check-junit-over-spec
spec c
cp "$dir/s.yaml" "$dir/.original"
(cd "$dir" && timeout 120 "$moslab" baseline s.yaml --out base.json >/dev/null 2>&1)
run out-check-junit-over-spec 120 2 '' 'cmp -s s.yaml .original' -- check s.yaml --baseline base.json --junit s.yaml

new_case baseline-litter
spec l
before="$(ls -d "${TMPDIR:-/tmp}"/moslab-baseline-* 2>/dev/null | sort)"
run litter-baseline-temporary-folder 120 0 '' "[ \"\$(ls -d \"${TMPDIR:-/tmp}\"/moslab-baseline-* 2>/dev/null | sort)\" = \"$before\" ]" -- baseline s.yaml --out base.json

# --- External jitter buffers -------------------------------------------------------------------------------------
new_case buffer-crashes
spec crash 'jitter_buffer: {type: external, command: /bin/sh, args: [-c, "echo dying >&2; exit 3"]}'
run buffer-every-run-fails 120 1 'run failed' '' -- run s.yaml --out out

new_case buffer-stops-reading
{ echo delay_ms; for i in $(seq 0 599); do echo $((60000 - 20 * i)); done; } >"$dir/d.csv"
spec stuck 'network: {jitter: {distribution: trace, file: d.csv}}
jitter_buffer:
  type: external
  command: /bin/sh
  args: ["-c", "read l; echo '"'"'{\"type\":\"hello\",\"protocol\":1}'"'"'; sleep 40"]
  timeout_ms: 400'
run buffer-stops-reading-write-times-out 30 1 'stopped reading|timeout' '' -- run s.yaml --out out

# --- CSV ---------------------------------------------------------------------------------------------------------
new_case pairs
cp "$clip" "$dir/a, b.wav"
printf 'reference,degraded\n"a, b.wav","a, b.wav"\nonly-one.wav\n"a, b.wav","a, b.wav"\n' >"$dir/pairs.csv"
run csv-pairs-quoted-comma-and-short-row 120 1 '' '[ "$(grep -c mos_lqo .stdout)" = 2 ] && grep -q "pairs.csv:3" .stdout' -- score --pairs pairs.csv --jobs 1
printf 'reference,degraded\n"a, b.wav,a, b.wav\n' >"$dir/open.csv"
run csv-unclosed-quote 30 2 'never closed' '' -- score --pairs open.csv

# --- Exit codes --------------------------------------------------------------------------------------------------
new_case usage
run usage-unknown-option 30 2 'Unknown option' '' -- score a.wav b.wav --no-such-option
run emodel-not-a-number 30 2 "not a number" '[ "$(wc -l < .stderr)" -le 1 ]' -- emodel Ta=abc

echo "$passed passed, $failed failed ($moslab)"
[ "$failed" -eq 0 ]
