#!/usr/bin/env bash
# Install swift-ostree-ext on Debian 12: system packages, a release build, and the binaries as `ostree`
# extension commands.
#
#   ./install.sh [--prefix DIR] [--no-deps | --deps-only] [--uninstall]
#
#   --prefix DIR   install under DIR (default /usr): binaries go to DIR/lib/ostree/NAME and each is linked as
#                  DIR/libexec/libostree/ext/ostree-COMMAND, where `ostree COMMAND` finds it. ostree looks in
#                  /usr/libexec/libostree/ext and then on PATH, so for another prefix put that folder on PATH.
#   --no-deps      skip apt-get (the packages below are already installed)
#   --deps-only    install the packages and stop (CI does this before building)
#   --uninstall    remove the binaries and links this script installs, and nothing else
#   DESTDIR=DIR    (environment) stage the installation under DIR, for packagers
#   SWIFT=PATH     (environment) the swift driver to build with (default: `swift` on PATH, else /opt/swift)
#   SWIFT_BUILD_FLAGS="..."  (environment) extra `swift build` flags, e.g. --static-swift-stdlib for binaries
#                  that do not need the toolchain's runtime (about 90 MB each instead of 17 MB)
set -euo pipefail

# The one list of what we install: "binary ostree-command". A binary that this checkout does not build (yet) is
# skipped with a note; --uninstall removes every entry.
COMMANDS=(
    "export-commit export-commit"
    "import-commit import-commit"
    "diff commit-diff"
    "container-encapsulate container-encapsulate"
    "container-pull container-pull"
    "container-image container-image"
)

# Debian 12 packages: C libraries we link (-dev), the tools our tests use as judges, and the benchmark tools.
# `attr` provides setfattr, `time` provides /usr/bin/time -v.
DEB_PACKAGES=(
    libostree-dev libarchive-dev zlib1g-dev libisal-dev libzstd-dev pkg-config
    ostree skopeo umoci docker-registry gnupg
    hyperfine time debootstrap zstd python3-cryptography attr
)

PREFIX=/usr
DESTDIR=${DESTDIR:-}
MODE=install     # install | deps-only | uninstall
DEPS=yes

die() { echo "install.sh: error: $*" >&2; exit 1; }
note() { echo "install.sh: $*" >&2; }

while (($#)); do
    case $1 in
        --prefix) (($# >= 2)) || die "--prefix needs a directory"; PREFIX=$2; shift ;;
        --prefix=*) PREFIX=${1#--prefix=} ;;
        --no-deps) DEPS=no ;;
        --deps-only) MODE=deps-only ;;
        --uninstall) MODE=uninstall ;;
        -h | --help) sed -n '2,18s/^# \{0,1\}//p' "$0"; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
    shift
done
[[ $PREFIX == /* ]] || die "--prefix must be an absolute path, got '$PREFIX'"
PREFIX=${PREFIX%/}
[[ $MODE == deps-only && $DEPS == no ]] && die "--deps-only and --no-deps contradict each other"

cd "$(dirname "${BASH_SOURCE[0]}")"

LIBDIR=$DESTDIR$PREFIX/lib/ostree
EXTDIR=$DESTDIR$PREFIX/libexec/libostree/ext

install_packages() {
    [[ $(id -u) == 0 ]] || die "installing Debian packages needs root (run with sudo, or pass --no-deps)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    # Fail with the names, not with apt's first complaint, if a package is missing from the configured mirror.
    local missing=() pkg
    for pkg in "${DEB_PACKAGES[@]}"; do
        apt-cache show "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    ((${#missing[@]} == 0)) || die "not found in the apt sources: ${missing[*]}"
    # docker-registry is here for its binary (tests start their own registries): keep its package from starting
    # a system registry on port 5000. policy-rc.d is Debian's switch for that; ours lives only during apt-get.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\n# swift-ostree-ext install.sh: no service starts during this apt-get run\nexit 101\n' \
            >/usr/sbin/policy-rc.d
        chmod 0755 /usr/sbin/policy-rc.d
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    apt-get install -y --no-install-recommends "${DEB_PACKAGES[@]}"
    if [[ $(trap -p EXIT) == *policy-rc.d* ]]; then rm -f /usr/sbin/policy-rc.d && trap - EXIT; fi
}

# The swift driver: $SWIFT, else PATH, else the toolchain's usual place (sudo resets PATH).
find_swift() {
    if [[ -n ${SWIFT:-} ]]; then echo "$SWIFT"; return; fi
    if command -v swift >/dev/null 2>&1; then command -v swift; return; fi
    [[ -x /opt/swift/usr/bin/swift ]] && { echo /opt/swift/usr/bin/swift; return; }
    die "swift not found: put the toolchain on PATH or set SWIFT=/path/to/swift"
}

# Build as the invoking user under sudo, so .build stays theirs.
as_builder() {
    if [[ $(id -u) == 0 && -n ${SUDO_USER:-} && $SUDO_USER != root ]] && command -v sudo >/dev/null 2>&1; then
        sudo -u "$SUDO_USER" -- "$@"
    else
        "$@"
    fi
}

build() {
    local swift flags
    swift=$(find_swift)
    read -ra flags <<<"${SWIFT_BUILD_FLAGS:-}"
    note "building release binaries with $swift"
    as_builder "$swift" build -c release "${flags[@]}" >&2
    BIN=$(as_builder "$swift" build -c release "${flags[@]}" --show-bin-path)
}

install_binaries() {
    local entry binary command installed=0
    mkdir -p "$LIBDIR" "$EXTDIR"
    for entry in "${COMMANDS[@]}"; do
        read -r binary command <<<"$entry"
        if [[ ! -x $BIN/$binary ]]; then
            note "skipping $binary: this checkout does not build it"
            continue
        fi
        install -m 0755 "$BIN/$binary" "$LIBDIR/$binary"
        ln -sfn "../../../lib/ostree/$binary" "$EXTDIR/ostree-$command"
        echo "installed $PREFIX/lib/ostree/$binary as \`ostree $command\`"
        installed=$((installed + 1))
    done
    ((installed > 0)) || die "no binary was built in $BIN"
    if [[ $PREFIX != /usr && -z $DESTDIR ]]; then
        note "ostree finds extensions in /usr/libexec/libostree/ext or on PATH: add $EXTDIR to PATH"
    fi
}

uninstall_binaries() {
    local entry binary command link
    for entry in "${COMMANDS[@]}"; do
        read -r binary command <<<"$entry"
        link=$EXTDIR/ostree-$command
        # Only our own link: a symlink that points at our binary.
        if [[ -L $link && $(readlink "$link") == */lib/ostree/"$binary" ]]; then
            rm -f "$link" && echo "removed $link"
        fi
        if [[ -f $LIBDIR/$binary ]]; then
            rm -f "$LIBDIR/$binary" && echo "removed $LIBDIR/$binary"
        fi
    done
    # The folders go too if that left them empty (nothing else of ours or anyone's is in them).
    rmdir "$EXTDIR" "$(dirname "$EXTDIR")" "$LIBDIR" 2>/dev/null || true
}

case $MODE in
    deps-only)
        install_packages
        ;;
    uninstall)
        uninstall_binaries
        ;;
    install)
        [[ $DEPS == yes ]] && install_packages
        build
        install_binaries
        ;;
esac
