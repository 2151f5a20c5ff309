#!/usr/bin/env bash
# Builds the two ITU-T G.191 STL tools the MNRU cross-check needs, from an STL source tree, into OUT:
#   mnrudemo   P.810 modulated-noise reference unit (src/mnru: mnrudemo.c, mnru.c, filtering_routines.c)
#   c712demo   the G.712 (standard PCM) IIR band-pass at 8 kHz without rate change (src/iir: cascg712.c)
#
#   scripts/mnru/build-stl-tools.sh STL_SOURCE_DIR OUT_DIR
#
# The STL is https://github.com/openitu/STL (checked with commit 139db49, the tip on 2026-12-01). Only a C compiler
# and libm are needed; nothing is installed. Used by scripts/mnru/stl-mnru-p862.py.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 STL_SOURCE_DIR OUT_DIR" >&2; exit 2; }
src="$1/src"
out="$2"
mkdir -p "$out"
cc="${CC:-cc}"
"$cc" -O2 -w -I"$src/utl" -o "$out/mnrudemo" \
    "$src/mnru/mnrudemo.c" "$src/mnru/mnru.c" "$src/mnru/filtering_routines.c" "$src/utl/ugst-utl.c" -lm
"$cc" -O2 -w -I"$src/utl" -I"$src/iir" -o "$out/c712demo" \
    "$src/iir/c712demo.c" "$src/iir/cascg712.c" "$src/iir/iir-lib.c" "$src/utl/ugst-utl.c" -lm
echo "built $out/mnrudemo and $out/c712demo"
