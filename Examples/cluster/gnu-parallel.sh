#!/bin/bash
# A MOSLab sweep in N shards with GNU parallel, then merged (docs/cluster.md). Usage:
#   Examples/cluster/gnu-parallel.sh SPEC.yaml N OUT
# The line itself, for 8 shards on this machine (add --sshloginfile HOSTS --workdir . --return shards/{} for several):
#   parallel -j 4 moslab run SPEC.yaml --shard {}/8 --out shards/{} --yes ::: $(seq 8) && moslab merge shards/* --out out
set -euo pipefail
spec=${1:?usage: gnu-parallel.sh SPEC.yaml N OUT}
count=${2:?usage: gnu-parallel.sh SPEC.yaml N OUT}
out=${3:?usage: gnu-parallel.sh SPEC.yaml N OUT}
moslab=${MOSLAB:-moslab}
shards=$(mktemp -d "${TMPDIR:-/tmp}/moslab-shards.XXXXXX")

# A shard exits 1 when one of its runs failed an `expect:` bound; the merge reports those again (and exits 1), and
# refuses to merge if a shard could not run at all, so its verdict is the one that counts.
parallel -j "${JOBS:-2}" "$moslab" run "$spec" --shard {}/"$count" --out "$shards"/{} --yes ::: $(seq "$count") >/dev/null || true
"$moslab" merge "$shards"/* --out "$out"
rm -rf "$shards"
