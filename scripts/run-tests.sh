#!/usr/bin/env bash
# Builds and runs the whole suite (release + testability: DSP is too slow in debug builds), then prints a plain
# closing line "N passed, N failed" taken from Swift Testing's summary (XCTest's own line reports 0 because all
# tests are Swift Testing tests).
set -uo pipefail
flags=(-c release -Xswiftc -enable-testing)
swift build "${flags[@]}" --build-tests || exit 1
log="$(mktemp)"
swift test "${flags[@]}" --skip-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary="$(grep -E '^. Test run with [0-9]+ tests? ' "$log" | tail -1)"
total="$(echo "$summary" | sed -E 's/^. Test run with ([0-9]+) tests?.*/\1/')"
failed="$(echo "$summary" | sed -nE 's/.* with ([0-9]+) issues?.*/\1/p')"
failing_tests="$(grep -cE '^. Test .* failed after' "$log")"
rm -f "$log"
if [ -z "$total" ]; then
    echo "0 passed, 1 failed"
    exit 1
fi
echo "$((total - failing_tests)) passed, ${failing_tests} failed"
if [ "$status" -ne 0 ] || [ "$failing_tests" -ne 0 ]; then exit 1; fi
