#!/usr/bin/env bash
# Builds and runs the whole suite (release + testability: DSP is too slow in debug builds), then prints a plain
# closing line "N passed, N failed" that adds up both frameworks: Swift Testing (its "Test run with N tests" summary
# and "Test … failed" lines) and XCTest (its "Executed N tests, with F failures" summary). Either framework failing,
# or either summary missing while the run failed, fails the script. Skipped tests (`.enabled(if:)`) are counted
# apart so a skip is never mistaken for a pass.
set -uo pipefail
flags=(-c release -Xswiftc -enable-testing)
swift build "${flags[@]}" --build-tests || exit 1
log="$(mktemp)"
swift test "${flags[@]}" --skip-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
summary="$(grep -E '^. Test run with [0-9]+ tests? ' "$log" | tail -1)"
st_total="$(echo "$summary" | sed -nE 's/^. Test run with ([0-9]+) tests?.*/\1/p')"
st_failed="$(grep -E '^. Test .* failed after' "$log" | grep -cvE '^. Test run with')"
st_skipped="$(grep -cE '^. Test .* skipped' "$log")"
xc_line="$(grep -E 'Executed [0-9]+ tests?, with [0-9]+ failures?' "$log" | tail -1)"
xc_total="$(echo "$xc_line" | sed -nE 's/.*Executed ([0-9]+) tests?.*/\1/p')"
xc_failed="$(echo "$xc_line" | sed -nE 's/.*with ([0-9]+) failures?.*/\1/p')"
rm -f "$log"
if [ -z "$st_total" ] && [ -z "$xc_total" ]; then
    echo "no test summary found (the test binary crashed?)"
    echo "0 passed, 1 failed"
    exit 1
fi
st_total=${st_total:-0}; xc_total=${xc_total:-0}; xc_failed=${xc_failed:-0}
st_passed=$((st_total - st_failed - st_skipped))
xc_passed=$((xc_total - xc_failed))
echo "Swift Testing: ${st_passed} passed, ${st_failed} failed, ${st_skipped} skipped; XCTest: ${xc_passed} passed, ${xc_failed} failed"
echo "$((st_passed + xc_passed)) passed, $((st_failed + xc_failed)) failed"
if [ "$status" -ne 0 ] || [ "$st_failed" -ne 0 ] || [ "$xc_failed" -ne 0 ]; then exit 1; fi
