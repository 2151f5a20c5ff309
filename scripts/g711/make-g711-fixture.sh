#!/usr/bin/env bash
# make-g711-fixture.sh STL_SRC_DIR
#
# Builds scripts/g711/g711_fixture_driver.c against the ITU-T G.191 STL G.711
# module and writes the Swift test fixtures
#   Tests/SpeechCodecsTests/Fixtures/g711_stl_encode.bin  (131072 bytes)
#   Tests/SpeechCodecsTests/Fixtures/g711_stl_decode.bin  (1024 bytes)
#
# STL_SRC_DIR is a checkout of https://github.com/openitu/STL (the directory
# containing src/), or directly the directory holding g711.c and g711.h.
# No STL code is copied into this repository; it is only compiled in a temp dir.
#
# Example:
#   git clone https://github.com/openitu/STL /tmp/STL
#   scripts/g711/make-g711-fixture.sh /tmp/STL
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 STL_SRC_DIR" >&2
  exit 2
fi
STL="$1"
if [ -f "$STL/src/g711/g711.c" ]; then
  G711="$STL/src/g711"
elif [ -f "$STL/g711.c" ]; then
  G711="$STL"
else
  echo "error: cannot find g711.c under $STL (expected src/g711/g711.c)" >&2
  exit 1
fi

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUT="$ROOT/Tests/SpeechCodecsTests/Fixtures"
CC="${CC:-cc}"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

"$CC" -O2 -std=c99 -Wall -I"$G711" -o "$TMP/g711_fixture_driver" \
  "$HERE/g711_fixture_driver.c" "$G711/g711.c"

mkdir -p "$OUT"
"$TMP/g711_fixture_driver" "$OUT/g711_stl_encode.bin" "$OUT/g711_stl_decode.bin"

if git -C "$STL" rev-parse HEAD >/dev/null 2>&1; then
  echo "STL commit: $(git -C "$STL" rev-parse HEAD)"
fi
ls -l "$OUT/g711_stl_encode.bin" "$OUT/g711_stl_decode.bin"
sha256sum "$OUT/g711_stl_encode.bin" "$OUT/g711_stl_decode.bin"
