# Helpers for the per-command benchmark scripts (sourced; Benchmarks/run.sh sets BIN, CACHE and CORPUS_REPO).
#
#   bench_pair NAME "OURS COMMAND" "PEER COMMAND"
#       Times both commands with hyperfine and prints a markdown row
#       | NAME | ours mean ± sd | peer mean ± sd | ours/peer | peak RSS of ours (peer) |
#       BENCH_PREPARE="CMD" runs before every timed run of either command (e.g. to create a fresh repo).
#   bench_require_bin NAME...   fails clearly unless $BIN/NAME exists
#   bench_workdir NAME          prints a fresh scratch folder under $CACHE/work (outside the repo)
# shellcheck shell=bash

BENCH_RUNS=${BENCH_RUNS:-5}

bench_die() { echo "benchmark: error: $*" >&2; exit 1; }

bench_header() {
    echo "| benchmark | ours | peer | ratio | peak RSS |"
    echo "|---|---|---|---|---|"
}

# The environment every benchmark script needs.
bench_env() {
    [[ -n ${CACHE:-} && -n ${CORPUS_REPO:-} ]] || bench_die "run benchmarks through Benchmarks/run.sh"
    [[ -d $CORPUS_REPO ]] || bench_die "no corpus repo at $CORPUS_REPO"
    [[ -n ${BIN:-} ]] || bench_die "BIN is not set (Benchmarks/run.sh sets it)"
    mkdir -p "$CACHE/logs"
}

bench_require_bin() {
    local name
    [[ ${BENCH_PEER_ONLY:-0} == 1 ]] && return 0
    for name; do
        [[ -x $BIN/$name ]] || bench_die "our binary $BIN/$name does not exist: the package does not build '$name' yet"
    done
}

bench_workdir() {
    local dir=$CACHE/work/$1
    bench_discard "$dir" && mkdir -p "$dir" "$CACHE/trash" && echo "$dir"
}

# Peak resident set size in KiB of one run of a shell command (after BENCH_PREPARE, like the timed runs).
bench_peak_rss() {
    local log=$1 cmd=$2
    if [[ -n ${BENCH_PREPARE:-} ]] && ! bash -c "$BENCH_PREPARE" >/dev/null 2>&1; then
        echo "benchmark: BENCH_PREPARE failed: $BENCH_PREPARE" >&2
        return 1
    fi
    if ! /usr/bin/time -v bash -c "$cmd" >/dev/null 2>"$log"; then
        echo "benchmark: this command failed: $cmd" >&2
        grep -v -E '^\s|^Command (exited|being timed)' "$log" | tail -n 5 | sed 's/^/    /' >&2
        return 1
    fi
    sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$log"
}

bench_pair() {
    local name=$1 ours=$2 peer=$3 slug json log args=()
    slug=$(printf %s "$name" | tr -c 'A-Za-z0-9_.-' '_')
    json=$CACHE/logs/$slug.json
    log=$CACHE/logs/$slug.log
    args=(--warmup 1 --runs "$BENCH_RUNS" --export-json "$json" --style basic)
    [[ -n ${BENCH_PREPARE:-} ]] && args+=(--prepare "$BENCH_PREPARE")

    # One run of each under /usr/bin/time first: it measures peak RSS and shows the error if a command fails.
    local ours_rss peer_rss
    peer_rss=$(bench_peak_rss "$log.peer-rss" "$peer") || bench_die "$name: the peer command failed"
    if [[ ${BENCH_PEER_ONLY:-0} == 1 ]]; then
        hyperfine "${args[@]}" -n peer "$peer" >"$log" 2>&1 || bench_die "$name: hyperfine failed, see $log"
        python3 - "$json" "$name" "$peer_rss" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"| {sys.argv[2]} | (not run) | {r['mean']:.3f} s ± {r['stddev'] or 0:.3f} | – | (peer {int(sys.argv[3]) / 1024:.1f} MiB) |")
PY
        return
    fi

    ours_rss=$(bench_peak_rss "$log.ours-rss" "$ours") || bench_die "$name: our command failed"
    hyperfine "${args[@]}" -n ours "$ours" -n peer "$peer" >"$log" 2>&1 ||
        bench_die "$name: hyperfine failed (a command exited non-zero?), see $log"
    python3 - "$json" "$name" "$ours_rss" "$peer_rss" <<'PY'
import json, sys
ours, peer = json.load(open(sys.argv[1]))["results"][:2]
fmt = lambda r: f"{r['mean']:.3f} s ± {r['stddev'] or 0:.3f}"
rss = lambda kib: f"{int(kib) / 1024:.1f} MiB"
print(f"| {sys.argv[2]} | {fmt(ours)} | {fmt(peer)} | {ours['mean'] / peer['mean']:.2f}× "
      f"| {rss(sys.argv[3])} (peer {rss(sys.argv[4])}) |")
PY
}

# Moves PATH... into $CACHE/trash instead of deleting them; Benchmarks/run.sh empties the trash when it ends.
# On ext4 without a journal, creating files right after tens of thousands were deleted costs seconds of kernel
# time in inode allocation, which would be measured instead of the command that follows.
bench_discard() {
    local path
    mkdir -p "$CACHE/trash"
    for path; do
        [[ -e $path ]] && mv "$path" "$(mktemp -d "$CACHE/trash/XXXXXX")/"
    done
    return 0
}

# A BENCH_PREPARE command that replaces repo DIR with an empty one (mode MODE, default bare-user), discarding
# the old one as bench_discard does, then syncs: every timed run starts with nothing of the last one left to
# write back (without that, run times here spread from 1× to 2×).
bench_fresh_repo() {
    local dir=$1 mode=${2:-bare-user}
    echo "{ [ ! -e $dir ] || mv $dir \$(mktemp -d $CACHE/trash/XXXXXX)/; } && ostree init --repo=$dir --mode=$mode && sync"
}
