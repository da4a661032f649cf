#!/usr/bin/env bash
# The benchmark entry point: builds our release binaries, builds (once, cached) a real OS tree corpus, then runs
# every per-command benchmark script in this folder and prints one markdown table.
#
#   sudo Benchmarks/run.sh [--corpus-only] [NAME...]     NAME: run only Benchmarks/NAME.sh (e.g. tar)
#
# Environment: BENCH_CACHE (default /var/tmp/swift-ostree-ext-bench) holds the corpus outside the repo;
# BENCH_RUNS (default 5) timed runs per command; BENCH_MIRROR overrides the Debian mirror for debootstrap;
# BENCH_PEER_ONLY=1 times only the peer commands (to check the setup before our binaries exist).
# Needs root (debootstrap, and a bare-user repo that keeps the tree's real ownership).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
cd "$ROOT"
# shellcheck source=Benchmarks/lib.sh
source "$HERE/lib.sh"

CORPUS_ONLY=no
ONLY=()
for arg; do
    case $arg in
        --corpus-only) CORPUS_ONLY=yes ;;
        -h | --help) sed -n '2,12s/^# \{0,1\}//p' "$0"; exit 0 ;;
        -*) bench_die "unknown option $arg" ;;
        *) [[ -f $HERE/$arg.sh ]] || bench_die "no benchmark Benchmarks/$arg.sh"; ONLY+=("$arg") ;;
    esac
done
[[ $(id -u) == 0 ]] || bench_die "run as root (debootstrap and the bare-user corpus repo need it)"
for tool in ostree hyperfine debootstrap python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || bench_die "$tool is missing: run ./install.sh --deps-only"
done

CACHE=${BENCH_CACHE:-/var/tmp/swift-ostree-ext-bench}
CORPUS_REPO=$CACHE/repo
# Bump when the corpus recipe changes, so cached corpora are rebuilt.
CORPUS_VERSION=1

# The first Debian mirror apt is configured with for bookworm (deb822 .sources or one-line .list format).
apt_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] || continue
        # deb822 stanzas: print the URI of the first stanza whose Suites include plain "bookworm".
        awk '/^$/ { if (ok && uri) { print uri; exit } ok = 0; uri = "" }
             /^URIs:/ { uri = $2 }
             /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == "bookworm") ok = 1 }
             END { if (ok && uri) print uri }' "$f" | head -n 1
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -f $f ]] || continue
        # "deb [options] URI bookworm components"
        sed -nE 's/^deb +(\[[^]]*\] +)?([^ ]+) +bookworm +.*/\2/p' "$f"
    done
}

# debootstrap a minbase bookworm and commit it as corpus/base, then a changed tree as corpus/v2.
build_corpus() {
    local mirror started rootfs v2 files
    mirror=${BENCH_MIRROR:-$(apt_mirror | head -n 1)}
    [[ -n $mirror ]] || bench_die "no bookworm mirror in /etc/apt/sources.list*: set BENCH_MIRROR"
    started=$SECONDS
    rootfs=$CACHE/rootfs
    v2=$CACHE/v2
    mkdir -p "$CACHE"
    rm -rf "$CACHE/corpus.done" "$CORPUS_REPO" "$rootfs" "$v2"
    echo "corpus: debootstrap --variant=minbase bookworm from $mirror (a few minutes)" >&2
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$CACHE/debootstrap.log" 2>&1 ||
        bench_die "debootstrap failed: see $CACHE/debootstrap.log"
    if grep -q " $rootfs/" /proc/mounts; then bench_die "debootstrap left file systems mounted under $rootfs"; fi
    # bare-user repos cannot hold device nodes, fifos or sockets; an ostree OS has an empty /dev anyway.
    find "$rootfs/dev" -mindepth 1 -delete
    find "$rootfs" -xdev ! -type f ! -type d ! -type l -print -delete >&2
    rm -rf "${rootfs:?}"/var/cache/apt/archives/*.deb

    ostree init --repo="$CORPUS_REPO" --mode=bare-user
    ostree commit --repo="$CORPUS_REPO" --branch=corpus/base --tree=dir="$rootfs" \
        --subject="debootstrap minbase bookworm" --add-metadata-string=version=base >/dev/null

    # v2: 20 files changed (bytes appended), 5 added, 5 removed; spread over /usr, picked by sorted path.
    cp -a "$rootfs" "$v2"
    rm -rf "$rootfs"
    mapfile -t files < <(cd "$v2" && find usr -type f -links 1 -size +1k | LC_ALL=C sort |
        awk '{ all[NR] = $0 } END { step = int(NR / 26); for (i = 1; i <= 25; i++) print all[i * step] }')
    ((${#files[@]} == 25)) || bench_die "corpus: expected 25 files to change in v2, found ${#files[@]}"
    local i
    for i in "${!files[@]}"; do
        if ((i < 20)); then
            printf 'corpus v2 change %d\n' "$i" >>"$v2/${files[i]}"
        else
            rm -f "$v2/${files[i]}"
        fi
    done
    mkdir -p "$v2/usr/share/corpus-v2"
    for i in 1 2 3 4 5; do
        head -c $((i * i * 40000)) /dev/urandom >"$v2/usr/share/corpus-v2/added-$i.bin"
    done
    ostree commit --repo="$CORPUS_REPO" --branch=corpus/v2 --parent="$(ostree rev-parse --repo="$CORPUS_REPO" corpus/base)" \
        --tree=dir="$v2" --subject="corpus v2: 20 changed, 5 added, 5 removed" \
        --add-metadata-string=version=v2 >/dev/null
    rm -rf "$v2"

    {
        echo "version=$CORPUS_VERSION"
        echo "mirror=$mirror"
        echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "seconds=$((SECONDS - started))"
        echo "repo_bytes=$(du -sb "$CORPUS_REPO" | cut -f1)"
        echo "base=$(ostree rev-parse --repo="$CORPUS_REPO" corpus/base)"
        echo "v2=$(ostree rev-parse --repo="$CORPUS_REPO" corpus/v2)"
    } >"$CACHE/corpus.done"
    echo "corpus: built in $((SECONDS - started)) s" >&2
}

if [[ $(sed -n 's/^version=//p' "$CACHE/corpus.done" 2>/dev/null) != "$CORPUS_VERSION" ]]; then
    build_corpus
fi
sed 's/^/corpus: /' "$CACHE/corpus.done" >&2
export CACHE CORPUS_REPO
[[ $CORPUS_ONLY == yes ]] && exit 0

# What the scripts discarded (see bench_discard) is deleted when everything was timed: ext4 without a journal
# skips recently freed inodes when it allocates new ones, for minutes after a mass deletion, which would make
# every repository written meanwhile look several times slower. Start a run only minutes after deleting a lot.
trap 'rm -rf "$CACHE/trash"' EXIT
echo "building release binaries" >&2
swift build -c release >&2 || bench_die "swift build -c release failed"
BIN=$(swift build -c release --show-bin-path)
export BIN

# Every per-command benchmark script, unless NAMEs were given.
if ((${#ONLY[@]} == 0)); then
    for script in "$HERE"/*.sh; do
        name=$(basename "$script" .sh)
        [[ $name == run || $name == lib ]] || ONLY+=("$name")
    done
fi

bench_header
failed=()
for name in "${ONLY[@]}"; do
    bash "$HERE/$name.sh" || failed+=("$name")
done
if ((${#failed[@]})); then
    bench_die "benchmarks failed: ${failed[*]} (logs in $CACHE/logs)"
fi
