#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check on a host that is not Debian 12: the suite runs inside a
# Debian 12 (bookworm) root made by mmdebstrap.  Its 6.1 kernel builds
# (KUnit under UML and on arm64, the KASAN and KCSAN kernels) need
# Debian 12's linux-source-6.1, linux-kbuild-6.1 and gcc-12, which Debian
# 13 does not carry; the kernels Debian 13 runs (6.12, 7.x) are tested by
# the kernel matrix either way.
#
#   scripts/debian12-root.sh CMD...     CMD in /root/hvpart inside the root
#
# The root ($HVPART_CACHE/root-bookworm-check) starts as minbase + make
# and keeps what deps.sh
# installs into it, so only the first run pays for the packages.  The
# project is copied in (scripts/copy-tree.sh); $HVPART_CACHE is bound at
# the root's /root/.cache/hvpart, so guest and debug kernels are shared
# with the host; build/ comes back out as build/debian12/.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
mirror=${HVPART_MIRROR:-http://deb.debian.org/debian}
root=$cache/root-bookworm-check

log() { echo "debian12-root: $*" >&2; }
die() { log "error: $*"; echo "debian12-root: 0 passed, 1 failed"; exit 1; }

[ $# -ge 1 ] || die "usage: $0 CMD..."
[ "$(id -u)" -eq 0 ] || die "needs root (mmdebstrap, chroot, mount)"
if ! command -v mmdebstrap >/dev/null; then
	apt-get install -y -q mmdebstrap >&2 || die "no mmdebstrap"
fi

if [ ! -f "$root/.complete" ]; then
	tmp=$(mktemp -d "$cache/.root-bookworm.XXXXXX")
	log "mmdebstrap bookworm into $root (once)"
	mmdebstrap --quiet --variant=minbase --include=make bookworm "$tmp/root" \
		"$mirror" >&2 || { rm -rf "$tmp"; die "mmdebstrap failed"; }
	touch "$tmp/root/.complete"
	mv -T "$tmp/root" "$root" 2>/dev/null || [ -f "$root/.complete" ] ||
		die "could not move the root into $root"
	rm -rf "$tmp"
fi

mounted=()
cleanup() {
	local i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${mounted[$i]}" 2>/dev/null
	done
}
trap cleanup EXIT

rm -rf "$root/root/hvpart"
mkdir -p "$root/root/hvpart" "$root/root/.cache/hvpart"
scripts/copy-tree.sh "$root/root/hvpart" || die "could not copy the project in"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
for m in proc sys dev; do
	mount --rbind "/$m" "$root/$m" && mounted+=("$root/$m")
	mount --make-rslave "$root/$m" 2>/dev/null
done
mount --bind "$cache" "$root/root/.cache/hvpart" && mounted+=("$root/root/.cache/hvpart")

# The quoting of CMD survives: each word is passed as its own argument.
chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	/bin/sh -c 'cd /root/hvpart && exec "$@"' sh "$@"
rc=$?
rm -rf build/debian12
mkdir -p build
cp -a "$root/root/hvpart/build" build/debian12 2>/dev/null
exit $rc
