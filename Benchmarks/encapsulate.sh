#!/usr/bin/env bash
# Issue 5: container-encapsulate of the corpus commit, chunked and single-layer, against the sequential
# single-layer floor `ostree export | gzip -6 | sha256sum`; then how many layers an update shares. Run through
# Benchmarks/run.sh.
set -euo pipefail
# shellcheck source=Benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_env
bench_require_bin container-encapsulate

W=$(bench_workdir encapsulate)
REF=corpus/base
FLOOR="ostree export --repo=$CORPUS_REPO $REF | gzip -6 | sha256sum"

BENCH_PREPARE="rm -rf $W/chunked" bench_pair "encapsulate corpus/base (chunked)" \
    "$BIN/container-encapsulate --repo=$CORPUS_REPO $REF oci:$W/chunked:v1" "$FLOOR"
BENCH_PREPARE="rm -rf $W/single" bench_pair "encapsulate corpus/base (single layer)" \
    "$BIN/container-encapsulate --repo=$CORPUS_REPO --single-layer $REF oci:$W/single:v1" "$FLOOR"

# An update: v1 then v2 into the same tag (its layer structure is kept); count the layer digests they share.
rm -rf "$W/update"
"$BIN/container-encapsulate" --repo="$CORPUS_REPO" --json corpus/base "oci:$W/update:os" >"$W/v1.json"
"$BIN/container-encapsulate" --repo="$CORPUS_REPO" --json corpus/v2 "oci:$W/update:os" >"$W/v2.json"
python3 - "$W/v1.json" "$W/v2.json" <<'PY'
import json, sys
v1, v2 = ([layer["digest"] for layer in json.load(open(path))["image"]["layers"]] for path in sys.argv[1:3])
print(f"| update corpus/base → corpus/v2 (chunked) | {len(set(v1) & set(v2))} of {len(v2)} layers shared "
      f"| – | – | – |")
PY
bench_discard "$W"
