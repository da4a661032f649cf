#!/usr/bin/env bash
# Benchmarks/diff.sh: `ostree commit-diff` (our `diff` binary) against upstream `ostree diff`.
#
# Contract with Benchmarks/run.sh, which runs or sources this file:
#   CORPUS_REPO  a bare-user repository with refs corpus/base (a debootstrap minbase bookworm tree) and corpus/v2
#                (about 20 files changed, 5 added, 5 removed); it is only read, never written.
#   BIN          the directory holding our release binaries (`diff`).
# Output: markdown table rows `| name | ours | peer | ratio | peak RSS |`, nothing else on stdout; progress and
# hyperfine's own report go to stderr. Times are hyperfine means (ms); ratio = ours / peer (below 1: we are
# faster); peak RSS is `/usr/bin/time -v`'s maximum resident set size, ours / peer.
#
# Cases:
#   commit-diff base→v2           the corpus change.
#   commit-diff identical         base against itself: no tree is loaded, so this is each tool's start-up floor
#                                 (ours is mostly the Swift runtime and Foundation loading).
#   commit-diff doubled tree      a tree holding the base tree twice (at / and under /copy) against the same with
#                                 v2's change: the tree doubles, the change does not. Our walk skips every
#                                 directory whose dirtree and dirmeta checksums are equal, so our time stays flat.
# The doubled commits live in a scratch repository whose core.parent is CORPUS_REPO, removed at the end.
#
# Tunables: DIFF_BENCH_WARMUP (default 5), DIFF_BENCH_RUNS (default 30).

bench_diff() (
    set -euo pipefail
    : "${CORPUS_REPO:?CORPUS_REPO must name the corpus repository (see Benchmarks/run.sh)}"
    : "${BIN:?BIN must name the directory of our release binaries}"
    local ours="$BIN/diff" warmup="${DIFF_BENCH_WARMUP:-5}" runs="${DIFF_BENCH_RUNS:-30}"
    [[ -x "$ours" ]] || { echo "diff.sh: $ours is not an executable" >&2; exit 1; }
    for tool in ostree hyperfine /usr/bin/time; do
        command -v "$tool" >/dev/null || { echo "diff.sh: $tool is not installed" >&2; exit 1; }
    done

    local scratch
    scratch="$(mktemp -d "${TMPDIR:-/tmp}/diff-bench.XXXXXX")"
    trap 'rm -rf "$scratch"' EXIT

    # The peak RSS of one run of a command, in MiB.
    peak_rss() {
        /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }'
    }

    # One table row: hyperfine both commands (run without a shell, so paths must not contain spaces) (same repo, same revisions), then one run each under time -v.
    row() {
        local name="$1" repo="$2" from="$3" to="$4"
        local ours_cmd=("$ours" "--repo=$repo" "$from" "$to")
        local peer_cmd=(ostree diff "--repo=$repo" "$from" "$to")
        # Both must succeed before they are timed.
        "${ours_cmd[@]}" >/dev/null
        "${peer_cmd[@]}" >/dev/null
        local csv="$scratch/$RANDOM.csv"
        hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-csv "$csv" \
            "${ours_cmd[*]}" "${peer_cmd[*]}" >&2
        local ours_ms peer_ms
        ours_ms="$(awk -F, 'NR == 2 { printf "%.2f", $2 * 1000 }' "$csv")"
        peer_ms="$(awk -F, 'NR == 3 { printf "%.2f", $2 * 1000 }' "$csv")"
        local ratio
        ratio="$(awk -v a="$ours_ms" -v b="$peer_ms" 'BEGIN { printf "%.2f", a / b }')"
        printf '| %s | %s ms | %s ms | %s | %s MiB / %s MiB |\n' "$name" "$ours_ms" "$peer_ms" "$ratio" \
            "$(peak_rss "${ours_cmd[@]}")" "$(peak_rss "${peer_cmd[@]}")"
    }

    row "commit-diff base→v2" "$CORPUS_REPO" corpus/base corpus/v2
    row "commit-diff identical" "$CORPUS_REPO" corpus/base corpus/base

    # Doubled tree: check the base tree out once under copy/, commit that as a tree of its own, then overlay it on
    # base and on v2. Both doubled commits share the /copy subtree object for object.
    echo "diff.sh: building the doubled-tree commits" >&2
    local repo="$scratch/repo"
    ostree init --repo="$repo" --mode=bare-user
    ostree config --repo="$repo" set core.parent "$(realpath "$CORPUS_REPO")"
    mkdir "$scratch/copy-root"
    ostree checkout --repo="$repo" --user-mode corpus/base "$scratch/copy-root/copy"
    ostree commit --repo="$repo" --branch=bench/copy --tree=dir="$scratch/copy-root" --no-bindings >/dev/null
    rm -rf "$scratch/copy-root"
    ostree commit --repo="$repo" --branch=bench/doubled-base --no-bindings \
        --tree=ref=corpus/base --tree=ref=bench/copy >/dev/null
    ostree commit --repo="$repo" --branch=bench/doubled-v2 --no-bindings \
        --tree=ref=corpus/v2 --tree=ref=bench/copy >/dev/null
    row "commit-diff doubled tree" "$repo" bench/doubled-base bench/doubled-v2
)

bench_diff "$@"
