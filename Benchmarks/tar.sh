#!/usr/bin/env bash
# Issue 3: the tar path. export-commit against `ostree export`, and import-commit against `ostree commit
# --tree=tar=` of the same tree, on the corpus commit. Run through Benchmarks/run.sh.
set -euo pipefail
# shellcheck source=Benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_env
bench_require_bin export-commit import-commit

W=$(bench_workdir tar)
REF=corpus/base

# Export: both write the whole commit as a tar file.
bench_pair "export corpus/base (tar)" \
    "$BIN/export-commit --repo=$CORPUS_REPO -o $W/ours.tar $REF" \
    "ostree export --repo=$CORPUS_REPO -o $W/peer.tar $REF"

# Import: each timed run starts from a fresh, empty bare-user repo. The inputs are made once: our tar stream
# (by export-commit) and a plain tar of the same tree (by `ostree export`).
ostree export --repo="$CORPUS_REPO" -o "$W/plain.tar" "$REF"
if [[ ${BENCH_PEER_ONLY:-0} != 1 ]]; then
    "$BIN/export-commit" --repo="$CORPUS_REPO" -o "$W/ext.tar" "$REF" || bench_die "export-commit failed"
fi
BENCH_PREPARE=$(bench_fresh_repo "$W/fresh") \
    bench_pair "import corpus/base (tar)" \
    "$BIN/import-commit --repo=$W/fresh --ref=$REF $W/ext.tar" \
    "ostree commit --repo=$W/fresh --branch=x --tree=tar=$W/plain.tar"
bench_discard "$W"
