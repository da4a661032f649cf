#!/usr/bin/env bash
# The main job on a small example: make a signed commit, export it as an ostree-ext tar stream, import that
# into a second repo, and show that the second repo holds the same commit, passes fsck and verifies the signature.
#
#   ./examples/demo.sh [--keep]
#
# It uses `ostree export-commit` / `ostree import-commit` when installed (./install.sh), else the binaries of a
# local build (.build/release, then .build/debug). OSTREE_EXT_BIN=DIR picks the folder of binaries explicitly.
# --keep leaves the work folder (repos, tar, GnuPG home) in place and prints where it is.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EXT_DIR=/usr/libexec/libostree/ext
REF=demo/base
KEEP=no
[[ ${1:-} == --keep ]] && KEEP=yes

passed=0
failed=0
ok() { printf '  ok    %s\n' "$*"; passed=$((passed + 1)); }
bad() { printf '  FAIL  %s\n' "$*"; failed=$((failed + 1)); }
# Prints the summary and exits: non-zero if anything failed.
finish() {
    echo
    if ((failed == 0)); then
        echo "demo: OK ($passed checks passed)"
        exit 0
    fi
    echo "demo: FAIL ($failed of $((passed + failed)) checks failed)"
    exit 1
}
die() { bad "$*"; finish; }
trap 'bad "unexpected error at line $LINENO"; finish' ERR

# How to run one of our commands: `ostree NAME` when installed, else a built binary.
ext_command() {
    local name=$1 dir
    if [[ -n ${OSTREE_EXT_BIN:-} ]]; then
        [[ -x $OSTREE_EXT_BIN/$name ]] || return 1
        echo "$OSTREE_EXT_BIN/$name"
        return
    fi
    if [[ -x $EXT_DIR/ostree-$name ]]; then
        echo "ostree $name"
        return
    fi
    for dir in "$ROOT/.build/release" "$ROOT/.build/debug"; do
        if [[ -x $dir/$name ]]; then
            echo "$dir/$name"
            return
        fi
    done
    return 1
}

for tool in ostree gpg gpgconf setfattr getfattr; do
    command -v "$tool" >/dev/null || die "$tool is not installed (run ./install.sh, or apt-get install ostree gnupg attr)"
done
EXPORT=$(ext_command export-commit) || die "export-commit not found: run ./install.sh, or swift build -c release"
IMPORT=$(ext_command import-commit) || die "import-commit not found: run ./install.sh, or swift build -c release"

# bare-user repos keep file ownership and xattrs in user.* xattrs, so the work folder must support them.
WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/ostree-ext-demo.XXXXXX")
export GNUPGHOME=$WORK/gnupg
# shellcheck disable=SC2317 # called by the EXIT trap
cleanup() {
    gpgconf --kill all >/dev/null 2>&1 || true
    if [[ $KEEP == yes ]]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
cd "$WORK"
echo "work folder: $WORK"
echo "export: $EXPORT"
echo "import: $IMPORT"
echo

echo "1. an example tree and a signed commit in repo A (bare-user)"
mkdir -p tree/usr/bin tree/usr/share/doc/demo tree/etc
printf 'NAME="Demo OS"\nVERSION_ID=1\n' >tree/etc/os-release
printf '#!/bin/sh\necho hello from the demo\n' >tree/usr/bin/hello
chmod 0755 tree/usr/bin/hello
ln -s hello tree/usr/bin/hi                                       # a symlink
printf 'A small tree to ship through a container registry.\n' >tree/usr/share/doc/demo/README
ln tree/usr/share/doc/demo/README tree/usr/share/doc/demo/README.hardlink   # a hardlink
: >tree/etc/empty                                                 # an empty file
head -c 100000 /dev/urandom >tree/usr/share/doc/demo/random.bin   # some bulk
setfattr -n user.demo -v "extended attribute" tree/usr/share/doc/demo/README ||
    die "cannot set a user.* xattr in $WORK: set TMPDIR to a folder on a file system with user xattrs"

ostree init --repo=A --mode=bare-user
mkdir -m 0700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'Demo <demo@example.com>' ed25519 sign 0 2>/dev/null
KEYID=$(gpg --batch --with-colons --list-keys demo@example.com 2>/dev/null | awk -F: '/^fpr:/ { print $10; exit }')
[[ -n $KEYID ]] || die "gpg did not create a key"
ostree commit --repo=A --branch="$REF" --tree=dir=tree \
    --subject='Demo commit' --add-metadata-string=version=1.0 \
    --add-detached-metadata-string=demo.detached=hello \
    --gpg-sign="$KEYID" --gpg-homedir="$GNUPGHOME" >/dev/null
SOURCE=$(ostree rev-parse --repo=A "$REF")
ok "commit $SOURCE in A, signed with key $KEYID"

# The remote "demo" (never contacted) carries the public key that verifies the commit.
gpg --batch --export "$KEYID" >demo.gpg 2>/dev/null
add_remote() {
    ostree remote add --repo="$1" --set=gpg-verify=true demo file:///nonexistent
    ostree remote gpg-import --repo="$1" --keyring=demo.gpg demo >/dev/null
}
add_remote A
ostree show --repo=A --gpg-verify-remote=demo "$REF" | grep -q 'Good signature' ||
    die "the source commit's signature does not verify in A"

echo
echo "2. export-commit: A -> demo.tar"
# shellcheck disable=SC2086 # $EXPORT is "ostree export-commit" or a path
$EXPORT --repo=A -o demo.tar "$REF" || die "export-commit failed"
ok "demo.tar written ($(stat -c %s demo.tar) bytes)"

echo
echo "3. import-commit: demo.tar -> B (bare-user)"
ostree init --repo=B --mode=bare-user
# shellcheck disable=SC2086
output=$($IMPORT --repo=B --ref="$REF" demo.tar) || die "import-commit failed"
echo "$output"
IMPORTED=$(sed -n 's/^Imported: \([0-9a-f]\{64\}\)$/\1/p' <<<"$output")
[[ -n $IMPORTED ]] || bad "import-commit printed no 'Imported: <checksum>' line"

echo
echo "4. checks"
TARGET=$(ostree rev-parse --repo=B "$REF" 2>/dev/null || true)
if [[ $TARGET == "$SOURCE" ]]; then ok "rev-parse $REF is $TARGET in both repos"; else bad "rev-parse $REF: A has $SOURCE, B has '$TARGET'"; fi
if [[ $IMPORTED == "$SOURCE" ]]; then ok "import-commit reported the same checksum"; else bad "import-commit reported '$IMPORTED', expected $SOURCE"; fi
if ostree fsck --repo=B >fsck.log 2>&1; then ok "ostree fsck B is clean"; else bad "ostree fsck B: $(tail -n 3 fsck.log)"; fi

add_remote B
if ostree show --repo=B --gpg-verify-remote=demo "$REF" >show.log 2>&1 && grep -q 'Good signature' show.log; then
    ok "GPG signature verifies in B ($(grep -o 'Good signature from "[^"]*"' show.log))"
else
    bad "GPG signature does not verify in B: $(grep -i -m 1 -E 'signature|error' show.log || echo 'no signature found')"
fi

detached=$(ostree show --repo=B --print-detached-metadata-key=demo.detached "$REF" 2>/dev/null || true)
if [[ $detached == "'hello'" ]]; then ok "detached metadata demo.detached=hello kept"; else bad "detached metadata demo.detached is '$detached'"; fi

xattrs=$(ostree ls --repo=B -X "$REF" /usr/share/doc/demo/README 2>/dev/null || true)
if [[ $xattrs == *user.demo* ]]; then ok "user.demo xattr kept"; else bad "user.demo xattr missing: $xattrs"; fi

ostree checkout --repo=B -U "$REF" out
if diff -r --no-dereference tree out >/dev/null; then ok "checkout of B matches the example tree"; else bad "checkout of B differs from the example tree"; fi
finish
