#!/usr/bin/env bash
# Runs the bad-input catalogue of docs/bad-input.md (issue 14) against a moslab binary and prints, per case: the
# category, the case, the exit code, the first line of stderr and a verdict (PASS: the documented behaviour; FAIL:
# anything else, with why), then the counts per category.
#
#   scripts/bad-input-catalogue.sh [MOSLAB_BINARY] [CASE_REGEX]   (default .build/release/moslab, every case)
#
# Every case runs in its own scratch folder under $TMPDIR with TMPDIR pointed at an empty folder of its own (so the
# litter check sees exactly what that command left), a time limit (a hang is a FAIL, not a wait) and a 4 GB
# address-space limit (an unbounded allocation fails fast instead of swapping the machine). The verdict checks the
# exit status (0 ok, 1 a check/run failed, 2 bad input or usage), the key words of the message, and where relevant
# that every input is byte-identical (sha256 before/after), that nothing was written outside --out and that no
# temporary file was left. Unreadable-folder cases run with CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH dropped
# (setpriv), so they test the real thing even as root. Needs bash, coreutils, util-linux (setpriv) and python3
# (stdlib only, to write the odd WAV files). Exit status: 0 when every case passes, 1 otherwise.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
moslab="$(realpath "${1:-$root/.build/release/moslab}")"
only="${2:-.}"
[ -x "$moslab" ] || { echo "usage: $0 MOSLAB_BINARY (not found: $moslab)" >&2; exit 2; }
clip="$root/Corpus/nb/nb01-directory.wav"
scratch="$(mktemp -d "${TMPDIR:-/tmp}/moslab-catalogue.XXXXXX")"
cleanup() { chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"; }
trap cleanup EXIT
declare -A cat_pass cat_fail
passed=0
failed=0
category=""
PRE=""

# run CASE SECONDS EXPECTED_EXIT STDERR_PATTERN CHECK -- ARGS...
#   STDERR_PATTERN: an extended regex stderr must match ('' for none). CHECK: a shell command run afterwards in the
#   case's folder that must succeed (inputs intact, no litter), '' for none. $PRE prefixes the command (setpriv).
run() {
    local name="$1" seconds="$2" expected="$3" pattern="$4" check="$5"
    shift 6
    [[ "$name" =~ $only ]] || return 0
    local code why="" first
    mkdir -p "$dir/.tmp"
    (cd "$dir" && ulimit -v 4000000 && TMPDIR="$dir/.tmp" timeout -k 5 "$seconds" $PRE "$moslab" "$@" \
        >"$dir/.stdout" 2>"$dir/.stderr") 2>/dev/null
    code=$?
    first="$(grep -m1 -v '^[[:space:]]*$' "$dir/.stderr" | cut -c1-140)"
    if [ "$code" -eq 124 ] || [ "$code" -eq 137 ]; then
        why="timed out after ${seconds} s"
    elif [ "$code" -ge 128 ]; then
        why="killed by signal $((code - 128))"
    elif [ "$code" -ne "$expected" ]; then
        why="exit $code, expected $expected"
    elif [ -n "$pattern" ] && ! grep -qiE -- "$pattern" "$dir/.stderr"; then
        why="stderr lacks /$pattern/"
    elif [ -n "$check" ] && ! (cd "$dir" && eval "$check") >/dev/null 2>&1; then
        why="check failed: $check"
    fi
    record "$name" "$code" "${first:-(no stderr)}" "$why"
}

record() {
    local verdict
    if [ -z "$4" ]; then
        verdict="PASS"; passed=$((passed + 1)); cat_pass[$category]=$(( ${cat_pass[$category]:-0} + 1 ))
    else
        verdict="FAIL ($4)"; failed=$((failed + 1)); cat_fail[$category]=$(( ${cat_fail[$category]:-0} + 1 ))
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$category" "$1" "$2" "$3" "$verdict"
}

new_case() { dir="$scratch/$1"; mkdir -p "$dir"; }
# spec NAME [EXTRA_YAML] [FILE] [REFERENCE]
spec() { printf 'name: %s\nreference: %s\n%s\n' "$1" "${4:-$clip}" "${2:-}" >"$dir/${3:-s.yaml}"; }
# snap: records the sha256 of every file now in the case's folder; $intact checks them afterwards.
snap() { (cd "$dir" && find . -type f ! -name '.std*' ! -name '.snap' ! -path './.tmp/*' -print0 | xargs -0 -r sha256sum >.snap); }
intact='sha256sum -c --quiet .snap'
nolitter='[ -z "$(ls -A .tmp)" ] && [ -z "$(find . -name "*.tmp-*" -o -name "*.tmp.*")" ]'
oneline='[ "$(grep -c . .stderr)" -le 2 ]'
buffer_hello='read l; echo '"'"'{\"type\":\"hello\",\"protocol\":1}'"'"''
ext() { printf 'jitter_buffer:\n  type: external\n  command: /bin/sh\n  args: ["-c", "%s"]\n  timeout_ms: %s\n' "$1" "${2:-400}"; }

printf 'category\tcase\texit\tfirst stderr line\tverdict\n'

# --- Crashes and unbounded memory ----------------------------------------------------------------------------------
category=crash-memory
new_case deep-brackets
{ printf 'name: deep\nreference: %s\nexpect: ' "$clip"; head -c 5000 /dev/zero | tr '\0' '['; echo; } >"$dir/s.yaml"
run spec-5000-open-brackets 30 2 'deeper than' '' -- validate s.yaml
run spec-5000-open-brackets-run 30 2 'deeper than' '[ ! -e out ]' -- run s.yaml --out out
new_case deep-braces
{ printf 'name: deep\nreference: %s\nexpect: ' "$clip"; for i in $(seq 1 5000); do printf '{a: '; done; echo; } >"$dir/s.yaml"
run spec-5000-open-braces 30 2 'deeper than' '' -- validate s.yaml
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
new_case compact-seq
{ printf 'name: deep\nreference: %s\nmatrix:\n  seed:\n    ' "$clip"; for i in $(seq 1 2000); do printf -- '- '; done; echo 1; } >"$dir/s.yaml"
run spec-2000-compact-sequences 30 2 'deeper than' '' -- validate s.yaml
new_case matrix
{ printf 'name: big\nreference: %s\nmatrix:\n' "$clip"; for i in 0 1 2 3 4 5 6 7 8; do printf '  emodel.A%s: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]\n' "$i"; done; } >"$dir/s.yaml"
run spec-9-axis-matrix-run 20 2 '1000000000 combinations' '[ ! -e out ]' -- run s.yaml --out out --yes
run spec-9-axis-matrix-validate 20 2 '1000000000 combinations' '' -- validate s.yaml
run spec-9-axis-matrix-baseline 20 2 '1000000000 combinations' '[ ! -e b.json ]' -- baseline s.yaml --out b.json
new_case matrix-2000
{ printf 'name: mid\nreference: %s\nmatrix:\n  network.latency_ms: [%s]\n  seed: [%s]\n' "$clip" "$(seq -s, 1 50)" "$(seq -s, 1 40)"; } >"$dir/s.yaml"
run spec-2000-run-matrix-without-yes 20 2 '2000.*--yes|--yes.*2000' '[ ! -e out ]' -- run s.yaml --out out
new_case garbage-spec
head -c 4096 /dev/urandom >"$dir/s.yaml"; snap
run spec-random-bytes 20 2 's\.yaml' "$intact" -- validate s.yaml
new_case empty-spec
: >"$dir/s.yaml"
run spec-empty-file 20 2 's\.yaml' '' -- validate s.yaml
new_case list-spec
printf -- '- a\n- b\n' >"$dir/s.yaml"
run spec-top-level-list 20 2 's\.yaml:1' '' -- validate s.yaml
new_case network
cp "$root/Scenarios/office-lan-g711.yaml" "$dir/s.yaml"
run network-1e9-packets 30 2 'more than' '' -- network s.yaml --packets 1000000000
run network-5000001-packets 30 2 'more than' '' -- network s.yaml --packets 5000001
run network-negative-packets 30 2 'packets' '' -- network s.yaml --packets -5

# --- Hangs ---------------------------------------------------------------------------------------------------------
category=hang
new_case many-keys
{ printf 'name: keys\nreference: %s\nexpect:\n' "$clip"; for i in $(seq 1 20000); do printf '  k%s: {min: 1}\n' "$i"; done; } >"$dir/s.yaml"
run spec-20000-expect-keys 10 2 'unknown result field' '' -- validate s.yaml
new_case many-top-keys
{ printf 'name: keys\nreference: %s\n' "$clip"; for i in $(seq 1 20000); do printf 'k%s: 1\n' "$i"; done; } >"$dir/s.yaml"
run spec-20000-unknown-top-level-keys 10 2 'k1' '' -- validate s.yaml
new_case long-axis
printf 'name: axis\nreference: %s\nmatrix:\n  seed: [%s]\n' "$clip" "$(seq -s, 1 50000)" >"$dir/s.yaml"
run spec-50000-value-axis-without-yes 15 2 '--yes' '[ ! -e out ]' -- run s.yaml --out out
new_case buffer-stops-reading
{ echo delay_ms; for i in $(seq 0 599); do echo $((60000 - 20 * i)); done; } >"$dir/d.csv"
{ spec stuck 'network: {jitter: {distribution: trace, file: d.csv}}'; ext "$buffer_hello; sleep 40" >>"$dir/s.yaml"; }
run buffer-stops-reading-write-times-out 40 1 'stopped reading|timeout' "$nolitter" -- run s.yaml --out out --no-signal-mos
new_case buffer-never-answers
{ spec mute; ext 'sleep 40' >>"$dir/s.yaml"; }
run buffer-never-answers-hello 40 1 'timeout|400 ms' '' -- run s.yaml --out out --no-signal-mos
new_case buffer-closes-stdout
{ spec closes; ext "$buffer_hello; exec 1>&-; sleep 40" >>"$dir/s.yaml"; }
run buffer-closes-stdout-keeps-running 40 1 'closes|run failed|timeout' '' -- run s.yaml --out out --no-signal-mos
new_case buffer-floods-stderr
{ spec floods; ext "$buffer_hello; head -c 50000000 /dev/zero | tr '\\\\0' x >&2" >>"$dir/s.yaml"; }
run buffer-floods-stderr 60 1 'run failed|closed|exited' '' -- run s.yaml --out out --no-signal-mos
new_case buffer-no-newline
{ spec noline; ext "$buffer_hello; head -c 300000000 /dev/zero | tr '\\\\0' x; sleep 40" 60000 >>"$dir/s.yaml"; }
run buffer-300-MB-without-newline 40 1 'without a newline' '' -- run s.yaml --out out --no-signal-mos

# --- Writes outside --out, overwrites of inputs ----------------------------------------------------------------------
category=overwrite
for n in .. . .hidden results.csv report.html a/b /tmp/moslab-escape; do
    new_case "name-$(echo "$n" | tr -c 'a-z' _)"
    mkdir -p "$dir/parent/out"
    spec "$n"; snap
    run "spec-name-$n" 60 2 "name" "[ \"\$(ls -A parent)\" = out ] && [ ! -e /tmp/moslab-escape ] && $intact" -- run s.yaml --out parent/out --no-signal-mos
done
new_case trace-in-out
{ echo lost; for i in $(seq 1 200); do printf '0\n1\n0\n0\n'; done; } >"$dir/results.csv"
spec t 'network: {loss: {model: trace, file: results.csv}}'; snap
run out-loss-trace-named-results-csv 120 2 'refusing to overwrite an input file' "$intact" -- run s.yaml --out . --no-signal-mos
new_case delay-trace-in-out
{ echo delay_ms; for i in $(seq 0 599); do echo 40; done; } >"$dir/results.csv"
spec t 'network: {jitter: {distribution: trace, file: results.csv}}'; snap
run out-delay-trace-named-results-csv 120 2 'refusing to overwrite' "$intact" -- run s.yaml --out . --no-signal-mos
new_case reference-in-out
mkdir -p "$dir/r"; cp "$clip" "$dir/r/nb01-directory.wav"
spec r '' s.yaml "$dir/r/nb01-directory.wav"; snap
run out-degraded-wav-onto-reference 120 2 'refusing to overwrite' "$intact" -- run s.yaml --out . --no-signal-mos
new_case out-is-spec
spec o; snap
run out-run-out-is-the-spec-file 60 2 's\.yaml' "$intact" -- run s.yaml --out s.yaml --no-signal-mos
new_case baseline-over
{ echo lost; for i in $(seq 1 200); do printf '0\n1\n0\n0\n'; done; } >"$dir/loss.csv"
cp "$clip" "$dir/ref.wav"
spec b 'network: {loss: {model: trace, file: loss.csv}}' s.yaml "$dir/ref.wav"; snap
run out-baseline-over-spec 120 2 'refusing to overwrite' "$intact" -- baseline s.yaml --out s.yaml
run out-baseline-over-loss-trace 120 2 'refusing to overwrite' "$intact" -- baseline s.yaml --out loss.csv
run out-baseline-over-reference 120 2 'refusing to overwrite' "$intact" -- baseline s.yaml --out ref.wav
new_case check-over
{ echo lost; for i in $(seq 1 200); do printf '0\n1\n0\n0\n'; done; } >"$dir/loss.csv"
cp "$clip" "$dir/ref.wav"
spec c 'network: {loss: {model: trace, file: loss.csv}}' s.yaml "$dir/ref.wav"
(cd "$dir" && timeout 120 "$moslab" baseline s.yaml --out base.json >/dev/null 2>&1); snap
run out-check-junit-over-spec 120 2 'refusing to overwrite' "$intact" -- check s.yaml --baseline base.json --junit s.yaml
run out-check-junit-over-baseline 120 2 'refusing to overwrite' "$intact" -- check s.yaml --baseline base.json --junit base.json
run out-check-junit-over-loss-trace 120 2 'refusing to overwrite' "$intact" -- check s.yaml --baseline base.json --junit loss.csv
run out-check-junit-over-reference 120 2 'refusing to overwrite' "$intact" -- check s.yaml --baseline base.json --junit ref.wav
new_case codec-over
cp "$clip" "$dir/in.wav"; snap
run out-codec-output-is-input 60 2 'in\.wav' "$intact" -- codec g711u in.wav in.wav
run out-codec-output-is-input-other-spelling 60 2 'in\.wav' "$intact" -- codec g711u in.wav ./in.wav
new_case network-over
{ echo lost; for i in $(seq 1 200); do printf '0\n1\n0\n0\n'; done; } >"$dir/loss.csv"
spec n 'network: {loss: {model: trace, file: loss.csv}}'; snap
run out-network-output-over-spec 60 2 'refusing to overwrite|s\.yaml' "$intact" -- network s.yaml --format pcap --output s.yaml
run out-network-pcap-over-loss-trace 60 2 'refusing to overwrite' "$intact" -- network s.yaml --format pcap --output loss.csv
run out-network-csv-with-output-ignored 60 2 'output' "$intact" -- network s.yaml --format csv --output loss.csv
new_case analyze-over
cp "$root/Scenarios/office-lan-g711.yaml" "$dir/s.yaml"
(cd "$dir" && timeout 60 "$moslab" network s.yaml --packets 200 --format pcap --output cap.pcap >/dev/null 2>&1); snap
run out-analyze-csv-over-capture 60 2 'refusing to overwrite|cap\.pcap' "$intact" -- analyze cap.pcap --csv cap.pcap

# --- Duplicate keys --------------------------------------------------------------------------------------------------
category=duplicate-key
new_case dup-top
spec dup 'plc: repeat
plc: silence'
run dup-key-top-level 30 2 "duplicate key 'plc'.*s\.yaml:[0-9]+" '' -- validate s.yaml
run dup-key-top-level-run 30 2 "duplicate key 'plc'" '[ ! -e out ]' -- run s.yaml --out out
new_case dup-nested
spec dup 'network:
  latency_ms: 10
  latency_ms: 20'
run dup-key-nested 30 2 "duplicate key '([a-z_]+\.)*latency_ms'.*first written at s\.yaml:4" '' -- validate s.yaml
new_case dup-flow
spec dup 'expect: {predicted_mos: {min: 1, min: 2}}'
run dup-key-in-flow-mapping 30 2 "duplicate key '([a-z_]+\.)*min'.*first written at s\.yaml:3" '' -- validate s.yaml
new_case dup-matrix
spec dup 'matrix: {seed: [1, 2]}
matrix: {seed: [3]}'
run dup-key-two-matrix-blocks 30 2 "duplicate key 'matrix'" '' -- validate s.yaml
new_case dup-expect
spec dup 'expect:
  predicted_mos: {min: 1}
  predicted_mos: {min: 4}'
run dup-key-in-expect 30 2 "duplicate key '([a-z_]+\.)*predicted_mos'.*first written at s\.yaml:4" '' -- validate s.yaml
new_case dup-quoted
spec dup 'plc: repeat
"plc": silence'
run dup-key-plain-and-quoted 30 2 "duplicate key 'plc'" '' -- validate s.yaml
new_case dup-name
printf 'name: a\nname: b\nreference: %s\n' "$clip" >"$dir/s.yaml"
run dup-key-name 30 2 "duplicate key 'name'" '' -- validate s.yaml

# --- Duplicate names -------------------------------------------------------------------------------------------------
category=duplicate-name
new_case same-name
mkdir -p "$dir/specs"
spec twin '' specs/a.yaml
spec twin '' specs/b.yaml
run name-two-specs-run 120 2 'a\.yaml.*b\.yaml|b\.yaml.*a\.yaml' '[ ! -e out/twin ]' -- run specs --out out --no-signal-mos
run name-two-specs-validate 60 2 'a\.yaml.*b\.yaml|b\.yaml.*a\.yaml' '' -- validate specs
run name-two-specs-baseline 60 2 'a\.yaml.*b\.yaml|b\.yaml.*a\.yaml' '[ ! -e b.json ]' -- baseline specs --out b.json
new_case same-name-folder-and-file
mkdir -p "$dir/specs" "$dir/more"
spec twin '' specs/a.yaml
spec other '' specs/o.yaml
spec twin '' more/b.yaml
run name-one-in-a-folder-one-as-argument 120 2 'a\.yaml.*b\.yaml|b\.yaml.*a\.yaml' '[ ! -e out ]' -- run specs more/b.yaml --out out --no-signal-mos
new_case same-name-files
spec twin '' a.yaml
spec twin '' b.yaml
run name-two-specs-as-arguments 120 2 'a\.yaml.*b\.yaml|b\.yaml.*a\.yaml' '[ ! -e out ]' -- run a.yaml b.yaml --out out --no-signal-mos
new_case matrix-label
spec lab 'matrix: {network.latency_ms: [10, 10]}'
run name-matrix-values-with-one-label 60 2 'both named' '[ ! -e out ]' -- run s.yaml --out out --no-signal-mos

# --- WAVs ------------------------------------------------------------------------------------------------------------
category=audio
new_case audio
cp "$clip" "$dir/ref.wav"
cp "$clip" "$dir/cut.wav" && truncate -s -6000 "$dir/cut.wav"
head -c 44 "$clip" >"$dir/header-only.wav"
head -c 20 "$clip" >"$dir/short-header.wav"
: >"$dir/empty.wav"
echo "this is not audio" >"$dir/text.wav"
mkdir -p "$dir/folder.wav"
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
for name, bad in [("nan", float("nan")), ("inf", float("inf")), ("minf", float("-inf")), ("huge", 1e30), ("five", 5.0)]:
    float_wav(f"{folder}/{name}.wav", tone[:40000] + [bad] + tone[40001:])
with wave.open(f"{folder}/long.wav", "wb") as w:
    w.setnchannels(1); w.setsampwidth(2); w.setframerate(8000)
    w.writeframes(b"\0\0" * (8000 * 660))
EOF
snap
run audio-truncated-wav 60 2 'cut\.wav.*truncated' "$intact" -- score ref.wav cut.wav
run audio-truncated-reference 60 2 'cut\.wav.*truncated' "$intact" -- score cut.wav ref.wav
run audio-nan-sample 60 2 'nan\.wav.*sample [0-9]+ .*is NaN' "$intact" -- score ref.wav nan.wav
run audio-nan-in-reference 60 2 'nan\.wav.*NaN' "$intact" -- score nan.wav ref.wav
run audio-plus-infinity 60 2 'inf\.wav.*infinite' "$intact" -- score ref.wav inf.wav
run audio-minus-infinity 60 2 'minf\.wav.*infinite' "$intact" -- score ref.wav minf.wav
run audio-1e30-sample 60 2 'huge\.wav.*outside' "$intact" -- score ref.wav huge.wav
run audio-sample-5.0 60 2 'five\.wav.*outside' "$intact" -- score ref.wav five.wav
run audio-11-minute-clip 30 2 'long\.wav.*(longer than|600 s|10 min)' "$intact" -- score long.wav long.wav
run audio-empty-file 30 2 'empty\.wav' "$intact" -- score ref.wav empty.wav
run audio-header-only 30 2 'header-only\.wav' "$intact" -- score ref.wav header-only.wav
run audio-cut-inside-header 30 2 'short-header\.wav' "$intact" -- score ref.wav short-header.wav
run audio-text-file 30 2 'text\.wav' "$intact" -- score ref.wav text.wav
run audio-missing-file 30 2 'missing\.wav' "$intact" -- score ref.wav missing.wav
run audio-folder-as-file 30 2 'folder\.wav' "$intact" -- score ref.wav folder.wav
spec cutref '' cut.yaml "$dir/cut.wav"
run audio-truncated-reference-in-spec 60 2 'cut\.wav.*truncated' '[ ! -e out ]' -- run cut.yaml --out out --no-signal-mos
spec nanref '' nan.yaml "$dir/nan.wav"
run audio-nan-reference-in-spec 60 2 'nan\.wav.*NaN' '[ ! -e out ]' -- run nan.yaml --out out --no-signal-mos
run audio-nan-reference-validate 60 2 'nan\.wav.*NaN' '' -- validate nan.yaml
run audio-codec-input-nan 60 2 'nan\.wav.*NaN' '[ ! -e o.wav ]' -- codec g711u nan.wav o.wav

# --- --resume --------------------------------------------------------------------------------------------------------
category=resume
new_case resume
spec r 'seed: 3'
(cd "$dir" && TMPDIR="$dir" timeout 120 "$moslab" run s.yaml --out out --no-signal-mos >/dev/null 2>&1)
deg="$(cd "$dir" && ls out/r/*.wav 2>/dev/null | grep -v reference | head -1)"
refw="$(cd "$dir" && ls out/r/*.wav 2>/dev/null | grep reference | head -1)"
res="$(cd "$dir" && ls out/r/*.result.json 2>/dev/null | head -1)"
mkdir -p "$dir/keep" && cp -r "$dir/out" "$dir/keep/" 2>/dev/null
same() { echo "cmp -s \"$1\" \"keep/$1\""; }
if [ -n "$deg" ] && [ -n "$refw" ]; then
    truncate -s -3000 "$dir/$deg"
    run resume-truncated-degraded-wav 120 0 '' "$(same "$deg")" -- run s.yaml --out out --resume --no-signal-mos
    rm -f "$dir/$refw"
    run resume-deleted-reference-wav 120 0 '' "$(same "$refw")" -- run s.yaml --out out --resume --no-signal-mos
    printf 'X' | dd of="$dir/$deg" bs=1 seek=2000 conv=notrunc 2>/dev/null
    run resume-degraded-wav-same-size-other-bytes 120 0 '' "$(same "$deg")" -- run s.yaml --out out --resume --no-signal-mos
    rm -f "$dir/$deg"
    run resume-deleted-degraded-wav 120 0 '' "$(same "$deg")" -- run s.yaml --out out --resume --no-signal-mos
else
    for c in resume-truncated-degraded-wav resume-deleted-reference-wav resume-degraded-wav-same-size-other-bytes resume-deleted-degraded-wav; do
        record "$c" - "(setup: the first run wrote no degraded/reference WAV)" "setup failed"
    done
fi
rm -f "$dir"/out/r/result.json "$dir"/out/r/*.result.json
run resume-deleted-result-json 120 0 '' '[ -s out/r/result.json ]' -- run s.yaml --out out --resume --no-signal-mos
echo '{"garbage' >"$dir/out/r/result.json"; [ -n "$res" ] && echo '{"garbage' >"$dir/$res"
run resume-garbled-result-json 120 0 '' 'python3 -c "import json,sys; json.load(open(\"out/r/result.json\"))"' -- run s.yaml --out out --resume --no-signal-mos
new_case resume-empty
spec r
run resume-into-an-empty-folder 120 0 '' '[ -s out/r/result.json ]' -- run s.yaml --out out --resume --no-signal-mos

# --- Every run fails ---------------------------------------------------------------------------------------------------
category=all-runs-fail
new_case fail-crash
{ spec crash; ext 'echo dying >&2; exit 3' >>"$dir/s.yaml"; }
run fail-buffer-crashes 120 1 'run failed.*(dying|exit)' '[ ! -e out/report.html ]' -- run s.yaml --out out --no-signal-mos
new_case fail-garbage
{ spec garbage; ext 'read l; echo this is not json; sleep 1' >>"$dir/s.yaml"; }
run fail-buffer-speaks-garbage 120 1 'run failed.*(json|JSON|garbage|not)' '[ ! -e out/report.html ]' -- run s.yaml --out out --no-signal-mos
new_case fail-hang
{ spec hangs; ext 'sleep 40' >>"$dir/s.yaml"; }
run fail-buffer-hangs 120 1 'run failed' '[ ! -e out/report.html ]' -- run s.yaml --out out --no-signal-mos
new_case fail-exit0
{ spec quits; ext 'exit 0' >>"$dir/s.yaml"; }
run fail-buffer-exits-at-once 120 1 'run failed' '[ ! -e out/report.html ]' -- run s.yaml --out out --no-signal-mos
new_case fail-message
{ spec crash; ext 'echo dying >&2; exit 3' >>"$dir/s.yaml"; }
run fail-says-no-report 120 1 'no run finished' '' -- run s.yaml --out out --no-signal-mos
new_case fail-one-of-two
mkdir -p "$dir/specs"
{ spec crash '' specs/crash.yaml; ext 'echo dying >&2; exit 3' >>"$dir/specs/crash.yaml"; }
spec fine '' specs/fine.yaml
run fail-one-of-two-runs 180 1 'crash' '[ -s out/fine/result.json ] && [ -s out/report.html ]' -- run specs --out out --no-signal-mos
new_case fail-baseline
{ spec crash; ext 'echo dying >&2; exit 3' >>"$dir/s.yaml"; }
run fail-baseline-every-run-fails 120 1 'run failed.*dying' '[ ! -e b.json ]' -- baseline s.yaml --out b.json
spec crash '' ok.yaml
(cd "$dir" && timeout 120 "$moslab" baseline ok.yaml --out base.json >/dev/null 2>&1)
run fail-check-every-run-fails 120 1 'run failed.*dying' '' -- check s.yaml --baseline base.json

# --- command with spaces ---------------------------------------------------------------------------------------------
category=command-spaces
new_case cmd-spaces
printf '#!/bin/sh\nexit 0\n' >"$dir/x.py"
spec spaces 'jitter_buffer: {type: external, command: python3 x.py}'
run command-with-spaces-validate 30 2 's\.yaml:[0-9]+.*args' '' -- validate s.yaml
run command-with-spaces-run 30 2 's\.yaml:[0-9]+.*args' '[ ! -e out ]' -- run s.yaml --out out --no-signal-mos
spec spaces 'jitter_buffer: {type: external, command: "/bin/sh -c true", args: ["x"]}' t.yaml
run command-with-spaces-and-args 30 2 't\.yaml:[0-9]+' '' -- validate t.yaml
spec empty 'jitter_buffer: {type: external, command: ""}' e.yaml
run command-empty 30 2 'e\.yaml:[0-9]+.*command' '' -- validate e.yaml
printf '#!/bin/sh\nexit 0\n' >"$dir/my buffer.sh"; chmod +x "$dir/my buffer.sh"
spec ok "jitter_buffer: {type: external, command: \"$dir/my buffer.sh\"}" p.yaml
run command-path-with-spaces-that-exists 30 0 '' '' -- validate p.yaml
spec nox "jitter_buffer: {type: external, command: $dir/x.py}" n.yaml
run command-not-executable 30 2 'x\.py.*(executable|permission)' '' -- validate n.yaml

# --- One bad spec among many -------------------------------------------------------------------------------------------
category=one-bad-spec
one_bad() { # one_bad CASE PATTERN YAML
    new_case "one-bad-$1"
    mkdir -p "$dir/specs"
    spec good1 '' specs/a.yaml
    spec good2 '' specs/c.yaml
    printf '%s\n' "$3" >"$dir/specs/b.yaml"
    run "one-bad-$1" 120 2 "b\\.yaml:[0-9]+.*$2" '[ ! -e out/good1 ] && [ ! -e out/good2 ]' -- run specs --out out --no-signal-mos
}
one_bad missing-reference 'nowhere\.wav' "$(printf 'name: bad\nreference: nowhere.wav')"
one_bad expect-typo 'sigal_mos' "$(printf 'name: bad\nreference: %s\nexpect: {sigal_mos: {min: 1}}' "$clip")"
one_bad emodel-out-of-range 'Ta' "$(printf 'name: bad\nreference: %s\nemodel: {Ta: -50}' "$clip")"
one_bad yaml-syntax '' "$(printf 'name: bad\nreference: %s\nplc: "repeat' "$clip")"
one_bad unknown-key 'colour' "$(printf 'name: bad\nreference: %s\ncolour: blue' "$clip")"
one_bad unknown-codec 'g999' "$(printf 'name: bad\nreference: %s\ncodec: {name: g999}' "$clip")"
one_bad missing-buffer 'no-such-buffer-xyz' "$(printf 'name: bad\nreference: %s\njitter_buffer: {type: external, command: no-such-buffer-xyz}' "$clip")"

# --- validate refuses what run refuses ---------------------------------------------------------------------------------
category=validate-run-parity
parity() { # parity CASE PATTERN EXTRA_YAML [NAME]
    new_case "parity-$1"
    spec "${4:-p}" "$3"
    run "validate-$1" 60 2 "s\\.yaml.*$2" '' -- validate s.yaml
    run "run-$1" 60 2 "s\\.yaml.*$2" '[ ! -e out/p ]' -- run s.yaml --out out --no-signal-mos
}
parity unknown-emodel-symbol 'Iee' 'emodel: {Iee: 3}'
parity emodel-out-of-range 'Ppl' 'emodel: {Ppl: 150}'
parity unknown-expect-field 'sigal_mos' 'expect: {signal_mos: {min: 1}, sigal_mos: {min: 1}}'
parity expect-bound-not-a-number 'min' 'expect: {signal_mos: {min: high}}'
parity buffer-not-found 'no-such-buffer-xyz' 'jitter_buffer: {type: external, command: no-such-buffer-xyz}'
parity reserved-name-results-csv 'results\.csv' '' results.csv
parity reserved-name-report-html 'report\.html' '' report.html
parity missing-loss-trace 'nope\.csv' 'network: {loss: {model: trace, file: nope.csv}}'
parity matrix-unknown-path 'nonsense' 'matrix: {network.nonsense: [1, 2]}'

# --- score --pairs -----------------------------------------------------------------------------------------------------
category=score-pairs
new_case pairs
cp "$clip" "$dir/a, b.wav"; cp "$clip" "$dir/q\"uote.wav"; cp "$clip" "$dir/r.wav"
printf 'reference,degraded\n"a, b.wav","a, b.wav"\nonly-one.wav\n"a, b.wav","a, b.wav"\n' >"$dir/short.csv"
printf 'reference,degraded\n"a, b.wav","a, b.wav"\n' >"$dir/quoted.csv"
printf 'reference,degraded\n"q""uote.wav",r.wav\n' >"$dir/escaped.csv"
printf 'reference,degraded\n"a, b.wav,a, b.wav\n' >"$dir/open.csv"
: >"$dir/empty.csv"
printf 'reference,degraded\n' >"$dir/header.csv"
printf 'reference,degraded\nr.wav,gone.wav\nr.wav,r.wav\n' >"$dir/missing.csv"
printf 'reference,degraded\r\nr.wav,r.wav\r\n' >"$dir/crlf.csv"
printf 'reference,degraded\nr.wav,r.wav,extra\n' >"$dir/three.csv"
snap
run pairs-short-row 120 1 '' '[ "$(grep -c mos_lqo .stdout)" = 2 ] && grep -q "short.csv:3" .stdout' -- score --pairs short.csv --jobs 1
run pairs-quoted-comma 120 0 '' '[ "$(grep -c mos_lqo .stdout)" = 1 ]' -- score --pairs quoted.csv --jobs 1
run pairs-escaped-quote 120 0 '' '[ "$(grep -c mos_lqo .stdout)" = 1 ]' -- score --pairs escaped.csv --jobs 1
run pairs-unclosed-quote 30 2 'open\.csv:2:[0-9]+.*never closed' '' -- score --pairs open.csv
run pairs-empty-file 30 2 'empty\.csv' '' -- score --pairs empty.csv
run pairs-header-only 30 2 'header\.csv' '' -- score --pairs header.csv
run pairs-missing-degraded 120 1 '' 'grep -q "gone.wav" .stdout && [ "$(grep -c mos_lqo .stdout)" = 1 ]' -- score --pairs missing.csv --jobs 1
run pairs-crlf-line-ends 120 0 '' '[ "$(grep -c mos_lqo .stdout)" = 1 ]' -- score --pairs crlf.csv --jobs 1
run pairs-three-columns 120 1 '' 'grep -q "three.csv:2" .stdout' -- score --pairs three.csv --jobs 1
run pairs-file-missing 30 2 'nope\.csv' '' -- score --pairs nope.csv
run pairs-inputs-intact 120 1 '' "$intact" -- score --pairs short.csv --jobs 1

# --- Exit codes ----------------------------------------------------------------------------------------------------------
category=exit-codes
new_case usage
spec u
cp "$clip" "$dir/r.wav"
# Each with its required arguments, so that the unknown option is the only fault.
declare -A needs=([run]="s.yaml" [validate]="s.yaml" [codecs]="" [codec]="g711u r.wav o.wav" [network]="s.yaml" \
    [emodel]="" [score]="r.wav r.wav" [ladder]="--out l" [baseline]="s.yaml --out b.json" \
    [check]="s.yaml --baseline b.json" [calibrate]="" [report]="." [analyze]="c.pcap")
for c in run validate codecs codec network emodel score ladder baseline check calibrate report analyze; do
    # shellcheck disable=SC2086
    run "usage-$c-unknown-option" 30 2 "unknown option '--no-such-option'" "$oneline" -- "$c" ${needs[$c]} --no-such-option
done
run usage-unknown-subcommand 30 2 'unknown|unexpected' '' -- frobnicate
run usage-run-no-paths 30 2 'missing|expected' '' -- run
run usage-validate-no-paths 30 2 'missing|expected' '' -- validate
run usage-codec-missing-output 30 2 'missing|expected' '' -- codec g711u r.wav
run usage-network-no-spec 30 2 'missing|expected' '' -- network
run usage-baseline-no-out 30 2 'missing|--out' '' -- baseline s.yaml
run usage-check-no-baseline 30 2 'missing|--baseline' '' -- check s.yaml
run usage-ladder-no-out 30 2 'missing|--out' '' -- ladder
run usage-score-one-file 30 2 'degraded|two' '' -- score r.wav
run usage-run-jobs-zero 30 2 'jobs' '' -- run s.yaml --jobs 0 --out out
run usage-run-shard-3-of-2 30 2 'shard' '' -- run s.yaml --shard 3/2 --out out
run usage-run-seed-not-a-number 30 2 'seed' '' -- run s.yaml --seed abc --out out
run usage-network-format-unknown 30 2 'format' '' -- network s.yaml --format xml
run usage-help-is-zero 30 0 '' '' -- run --help
run usage-version-is-zero 30 0 '' '' -- --version
run emodel-not-a-number 30 2 "not a number" "$oneline" -- emodel Ta=abc
run emodel-unknown-symbol 30 2 "Foo" "$oneline" -- emodel Foo=1
run emodel-no-equals 30 2 "Ta" "$oneline" -- emodel Ta
run emodel-r-not-a-number 30 2 "abc" "$oneline" -- emodel --r abc
run emodel-mos-out-of-range 30 2 "MOS|range" "$oneline" -- emodel --mos 9
run emodel-strict-out-of-range 30 2 "Ta" "$oneline" -- emodel --strict Ta=5000
run emodel-unknown-codec 30 2 "nocodec" "$oneline" -- emodel --codec nocodec
run codec-unknown-name 30 2 "g999" "$oneline" -- codec g999 r.wav o.wav
run check-missing-baseline 60 2 "nope\.json" "$oneline" -- check s.yaml --baseline nope.json
echo '{"garbage' >"$dir/bad.json"
run check-garbled-baseline 60 2 "bad\.json" "$oneline" -- check s.yaml --baseline bad.json
mkdir -p "$dir/notarun"
run report-not-a-run-folder 60 2 "notarun" "$oneline" -- report notarun
run analyze-not-a-capture 60 2 "s\.yaml" "$oneline" -- analyze s.yaml
run validate-missing-file 30 2 "nope\.yaml" "$oneline" -- validate nope.yaml
spec expect 'expect: {predicted_mos: {min: 4.99}}' x.yaml
run run-expectation-fails-is-one 120 1 "predicted_mos" '' -- run x.yaml --out out --no-signal-mos

# --- Unreadable folders ------------------------------------------------------------------------------------------------
category=unreadable
new_case locked
mkdir -p "$dir/specs" "$dir/locked"
spec l '' specs/s.yaml
cp "$clip" "$dir/r.wav"
chmod 000 "$dir/specs"
PRE="setpriv --inh-caps=-dac_override,-dac_read_search --bounding-set=-dac_override,-dac_read_search"
run unreadable-spec-folder-run 30 2 'specs.*Permission denied' "$oneline" -- run specs --out out
run unreadable-spec-folder-validate 30 2 'specs.*Permission denied' "$oneline" -- validate specs
chmod 700 "$dir/specs"; chmod 000 "$dir/locked"
run unreadable-out-folder 60 2 'locked.*Permission denied' "$oneline" -- run specs --out locked/out --no-signal-mos
chmod 000 "$dir/r.wav"
run unreadable-wav 30 2 'r\.wav.*(Permission denied|cannot read)' "$oneline" -- score r.wav r.wav
chmod 644 "$dir/r.wav"; chmod 700 "$dir/locked"
(cd "$dir" && timeout 120 "$moslab" run specs --out done --no-signal-mos >/dev/null 2>&1); chmod 000 "$dir/done"
run unreadable-run-folder-report 30 2 'done.*Permission denied' "$oneline" -- report done
chmod 700 "$dir/done"
PRE=""

# --- Litter and orphans --------------------------------------------------------------------------------------------------
category=litter-signals
new_case litter-baseline
spec l
run litter-baseline-temporary-folder 120 0 '' "$nolitter" -- baseline s.yaml --out base.json
run litter-check-temporary-folder 120 0 '' "$nolitter" -- check s.yaml --baseline base.json
new_case litter-baseline-fails
{ spec crash; ext 'exit 3' >>"$dir/s.yaml"; }
run litter-baseline-that-fails 120 1 '' "$nolitter" -- baseline s.yaml --out base.json
new_case litter-run-fails
{ spec crash; ext 'exit 3' >>"$dir/s.yaml"; }
run litter-run-whose-runs-fail 120 1 '' "$nolitter" -- run s.yaml --out out --no-signal-mos
new_case litter-killed
spec k
mkdir -p "$dir/out/k"; : >"$dir/out/k/.nb01-directory.wav.tmp-999999"
run litter-sigkill-temporary-cleared-by-next-run 120 0 '' '[ ! -e out/k/.nb01-directory.wav.tmp-999999 ]' -- run s.yaml --out out --no-signal-mos
# signal CASE SIGNAL: starts a run whose buffer hangs (its shell forks a `sleep` with a marker), sends SIGNAL to moslab
# after 3 s, then checks that moslab ended within 20 s and that no process of the buffer's group is left.
signal_case() {
    local name="$1" sig="$2" marker="$((RANDOM + 400000))" pid code why="" left
    [[ "$name" =~ $only ]] || return 0
    new_case "$name"
    { spec hung; ext "$buffer_hello; sleep $marker" 60000 >>"$dir/s.yaml"; }
    (cd "$dir" && exec "$moslab" run s.yaml --out out --no-signal-mos >"$dir/.stdout" 2>"$dir/.stderr") &
    pid=$!
    sleep 3
    kill "-$sig" "$pid" 2>/dev/null
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then why="moslab still running 20 s after SIG$sig"; kill -9 "$pid" 2>/dev/null; fi
    wait "$pid" 2>/dev/null; code=$?
    sleep 1
    left="$(pgrep -f "sleep $marker" | tr '\n' ' ')"
    if [ -n "$left" ]; then
        why="${why:+$why; }buffer process(es) $left still running after SIG$sig"
        for p in $left; do kill "$p" 2>/dev/null; done
    fi
    [ -z "$why" ] && [ -n "$(find "$dir" -name '*.tmp-*')" ] && why="temporary file left"
    record "$name" "$code" "$(grep -m1 -v '^[[:space:]]*$' "$dir/.stderr" | cut -c1-140)" "$why"
}
signal_case signal-ctrl-c-stops-hung-buffer INT
signal_case signal-sigterm-stops-hung-buffer TERM

# --- Counts --------------------------------------------------------------------------------------------------------------
echo
printf 'category\tpassed\tfailed\n'
for c in crash-memory hang overwrite duplicate-key duplicate-name audio resume all-runs-fail command-spaces one-bad-spec \
    validate-run-parity score-pairs exit-codes unreadable litter-signals; do
    printf '%s\t%s\t%s\n' "$c" "${cat_pass[$c]:-0}" "${cat_fail[$c]:-0}"
done
echo "$passed passed, $failed failed ($moslab)"
[ "$failed" -eq 0 ]
