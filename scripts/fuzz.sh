#!/usr/bin/env bash
# Runs each libFuzzer target of moslab-fuzz for SECONDS (default 60) on a copy of its committed seed corpus
# (Fuzz/corpus/<target>), then prints one line per target: executions, new corpus entries, crashes.
# Crash inputs are kept in .build/fuzz/artifacts/<target>/. Build first: `make fuzz` does both.
set -uo pipefail
seconds="${1:-60}"
binary=".build/fuzz/release/moslab-fuzz"
[ -x "$binary" ] || { echo "build it first: make fuzz"; exit 2; }
status=0
for target in spec wav csv protocol; do
    work=".build/fuzz/corpus-$target"
    artifacts=".build/fuzz/artifacts/$target/"
    mkdir -p "$work" "$artifacts"
    log="$(mktemp)"
    MOSLAB_FUZZ_TARGET="$target" "$binary" "$work" "Fuzz/corpus/$target" -max_total_time="$seconds" \
        -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts" \
        >"$log" 2>&1
    code=$?
    runs="$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -1)"
    crashes="$(ls "$artifacts" 2>/dev/null | grep -cE '^(crash|leak|timeout|oom)-')"
    echo "fuzz $target: ${runs:-0} executions in ${seconds} s, ${crashes} crash/timeout/oom inputs (exit $code)"
    if [ "$code" -ne 0 ]; then tail -30 "$log"; status=1; fi
    rm -f "$log"
done
exit $status
