#!/usr/bin/env bash
# Runs libFuzzer targets of moslab-fuzz on a copy of their committed seed corpus (Fuzz/corpus/<target>), one after
# the other, and prints one line per target: executions, time, crash/timeout/OOM inputs. docs/fuzzing.md.
#
#   scripts/fuzz.sh [--seconds S | --runs N] [target...]     targets: spec wav csv protocol (default: all four)
#   scripts/fuzz.sh 60                                         (old form: seconds)
#
# --runs N stops each target after exactly N executions (libFuzzer -runs=N); --seconds S after S seconds
# (-max_total_time=S). Crash inputs are kept in .build/fuzz/crashes/<target>/. Build first: `make fuzz` does both.
# FUZZ_BINARY overrides the binary (e.g. a copy, so a rebuild does not replace it under a long run).
set -uo pipefail
limit=(-max_total_time=60)
describe="60 s"
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) limit=(-runs="$2"); describe="$2 runs"; shift 2 ;;
        --seconds) limit=(-max_total_time="$2"); describe="$2 s"; shift 2 ;;
        spec|wav|csv|protocol) targets+=("$1"); shift ;;
        ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [--seconds S | --runs N] [spec|wav|csv|protocol ...]" >&2; exit 2 ;;
        *) limit=(-max_total_time="$1"); describe="$1 s"; shift ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(spec wav csv protocol)
binary="${FUZZ_BINARY:-.build/fuzz/release/moslab-fuzz}"
[ -x "$binary" ] || { echo "build it first: make fuzz" >&2; exit 2; }
status=0
for target in "${targets[@]}"; do
    work=".build/fuzz/corpus-$target"
    artifacts=".build/fuzz/crashes/$target/"  # not .build/fuzz/artifacts: SwiftPM owns and clears that folder
    mkdir -p "$work" "$artifacts"
    log=".build/fuzz/$target.log"
    start=$(date +%s)
    MOSLAB_FUZZ_TARGET="$target" "$binary" "$work" "Fuzz/corpus/$target" "${limit[@]}" \
        -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts" \
        >"$log" 2>&1
    code=$?
    elapsed=$(( $(date +%s) - start ))
    runs="$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)"
    crashes="$(ls "$artifacts" 2>/dev/null | grep -cE '^(crash|leak|timeout|oom|slow-unit)-')"
    echo "fuzz $target: ${runs:-0} executions in ${elapsed} s (limit ${describe}), ${crashes} crash/timeout/oom inputs (exit $code; log $log)"
    if [ "$code" -ne 0 ]; then tail -30 "$log"; status=1; fi
done
exit $status
