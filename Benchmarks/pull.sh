#!/usr/bin/env bash
# container-pull of the corpus image (chunked and single-layer) from an oci: layout and (chunked) from a local
# docker-registry, against the peer pipeline `skopeo copy` (→ oci:) + `ostree commit --tree=tar=` of the same tree;
# then the corpus/base → corpus/v2 update pull (time and bytes fetched). Run through Benchmarks/run.sh.
set -euo pipefail
# shellcheck source=Benchmarks/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_env
bench_require_bin container-encapsulate container-pull

W=$(bench_workdir pull)
command -v docker-registry >/dev/null || bench_die "docker-registry is missing: run ./install.sh --deps-only"

# A registry of our own on a free loopback port, stopped when the script ends.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$W/registry.yml" <<YAML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $W/registry-storage}}
http: {addr: 127.0.0.1:$PORT}
YAML
docker-registry serve "$W/registry.yml" >"$W/registry.log" 2>&1 &
REGISTRY_PID=$!
trap 'kill $REGISTRY_PID 2>/dev/null; bench_discard "$W"' EXIT
python3 - "$PORT" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=1).close()
        break
    except OSError:
        time.sleep(0.1)
PY

"$BIN/container-encapsulate" --repo="$CORPUS_REPO" corpus/base "oci:$W/oci:base" >/dev/null
"$BIN/container-encapsulate" --repo="$CORPUS_REPO" --single-layer corpus/base "oci:$W/oci:single" >/dev/null
"$BIN/container-encapsulate" --repo="$CORPUS_REPO" corpus/base "oci:$W/oci:v2" >/dev/null
"$BIN/container-encapsulate" --repo="$CORPUS_REPO" corpus/v2 "oci:$W/oci:v2" >/dev/null
skopeo copy --quiet --dest-tls-verify=false "oci:$W/oci:base" "docker://127.0.0.1:$PORT/corpus:base"
ostree export --repo="$CORPUS_REPO" -o "$W/plain.tar" corpus/base

FRESH="rm -rf $W/peer-oci && $(bench_fresh_repo "$W/fresh")"
BENCH_PREPARE=$FRESH bench_pair "pull corpus/base from oci: (chunked)" \
    "$BIN/container-pull --repo=$W/fresh --quiet ostree-unverified-image:oci:$W/oci:base" \
    "skopeo copy --quiet oci:$W/oci:base oci:$W/peer-oci:base && ostree commit --repo=$W/fresh --branch=x --tree=tar=$W/plain.tar"
BENCH_PREPARE=$FRESH bench_pair "pull corpus/base from oci: (single layer)" \
    "$BIN/container-pull --repo=$W/fresh --quiet ostree-unverified-image:oci:$W/oci:single" \
    "skopeo copy --quiet oci:$W/oci:single oci:$W/peer-oci:single && ostree commit --repo=$W/fresh --branch=x --tree=tar=$W/plain.tar"
BENCH_PREPARE=$FRESH bench_pair "pull corpus/base from a registry (chunked)" \
    "$BIN/container-pull --repo=$W/fresh --quiet --insecure-skip-tls-verification ostree-unverified-registry:127.0.0.1:$PORT/corpus:base" \
    "skopeo copy --quiet --src-tls-verify=false docker://127.0.0.1:$PORT/corpus:base oci:$W/peer-oci:base && ostree commit --repo=$W/fresh --branch=x --tree=tar=$W/plain.tar"

# The update: base already pulled, then v2 (20 files changed, 5 added, 5 removed; encapsulated over the base
# image's tag, so its layer structure is kept) under the same image reference.
rm -rf "$W/update" && ostree init --repo="$W/update" --mode=bare-user
"$BIN/container-pull" --repo="$W/update" --quiet "ostree-unverified-image:oci:$W/oci:base" >/dev/null
skopeo copy --quiet "oci:$W/oci:v2" "oci:$W/oci:base"
sync
start=$(date +%s.%N)
/usr/bin/time -v -o "$W/update.time" "$BIN/container-pull" --repo="$W/update" --json \
    "ostree-unverified-image:oci:$W/oci:base" >"$W/update.json"
end=$(date +%s.%N)
python3 - "$W/update.json" "$start" "$end" "$W/update.time" <<'PY'
import json, re, sys
report = json.load(open(sys.argv[1]))
seconds = float(sys.argv[3]) - float(sys.argv[2])
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(sys.argv[4]).read()).group(1))
print(f"| update pull corpus/base → corpus/v2 | {seconds:.3f} s, {report['layers_fetched']} layers "
      f"({report['bytes_fetched'] / 1048576:.1f} MiB) fetched, {report['layers_reused']} reused | – | – "
      f"| {rss / 1024:.1f} MiB |")
PY
