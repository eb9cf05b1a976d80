#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-fresh: the README's first command, as a newcomer runs it, on
# fresh Debian 12 (bookworm) and Debian 13 (trixie) machines.  A missing
# install step fails here even where this host already has every package.
#
#   scripts/fresh-machine.sh [--second] [SUITE...]   default: bookworm trixie
#
#   --second  run the README's second command (make check) instead, with
#             this host's $HVPART_CACHE bound in (warm kernels; not part of
#             make check, which it would recurse into; about 40 minutes)
#
# For each suite: a minbase root holding only `make` (mmdebstrap; the
# tarball is cached in $HVPART_CACHE/fresh and refreshed weekly), the
# project's files copied into /root/hvpart, /proc, /sys and /dev bound,
# and, chrooted, the first command of the README's first ```sh block, with
# an empty HOME cache: the guest kernel is downloaded as a newcomer's is.
# It must exit 0 and its output must list the partitions the demo made.
# The wall time of that command is printed (a figure, not a check).
#
# Output: "ok"/"not ok" lines, then "fresh: N passed, N failed".  Needs
# root (mmdebstrap, chroot, mount) and Debian's archive.
set -uo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
mirror=${HVPART_MIRROR:-http://deb.debian.org/debian}
pass=0
fail=0

log() { echo "fresh: $*" >&2; }
ok() { echo "ok - $*"; pass=$((pass + 1)); }
notok() { echo "not ok - $*"; fail=$((fail + 1)); }
finish() {
	echo "fresh: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

if [ "$(id -u)" -ne 0 ]; then
	notok "check-fresh runs as root (mmdebstrap, chroot, mount)"
	finish
fi
if ! command -v mmdebstrap >/dev/null; then
	scripts/deps.sh check >/dev/null 2>&1 || true
fi
if ! command -v mmdebstrap >/dev/null; then
	notok "mmdebstrap is installed (apt-get install mmdebstrap)"
	finish
fi

second=
if [ "${1:-}" = --second ]; then
	second=1
	shift
fi
# The README's first (or second) command: the first (second) line of its
# first ```sh block, without its comment.
readme_line=1
[ -z "$second" ] || readme_line=2
readme_cmd=$(awk -v n="$readme_line" '/^```sh$/ { inblk = 1; next }
	inblk && ++i == n { print; exit }' README.md | sed 's/[[:space:]]*#.*$//')
if [ -z "$readme_cmd" ]; then
	notok "README.md starts with a \`\`\`sh block holding a command"
	finish
fi
log "the README's first command: $readme_cmd"

# $1 suite: the cached minbase tarball, made if missing or a week old.
tarball() {
	local suite=$1 tar=$cache/fresh/$1-minbase-make.tar

	mkdir -p "$cache/fresh"
	if [ -z "$(find "$tar" -mtime -7 2>/dev/null)" ]; then
		log "mmdebstrap $suite minbase + make (cached in $tar)"
		# mmdebstrap picks the format by the name's extension.
		rm -rf "$tar.new.tar"
		mmdebstrap --quiet --variant=minbase --include=make "$suite" \
			"$tar.new.tar" "$mirror" >&2 || { rm -rf "$tar.new.tar"; return 1; }
		mv "$tar.new.tar" "$tar"
	fi
	echo "$tar"
}

mounted=()
cleanup_root() {
	local r=$1 i
	for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
		umount -l "${mounted[$i]}" 2>/dev/null
	done
	mounted=()
	rm -rf --one-file-system "$r"
}

# $1 suite, $2 name for the output.
fresh_run() {
	local suite=$1 name=$2 tar tmp r m start secs rc out

	if ! tar=$(tarball "$suite"); then
		notok "$name: mmdebstrap a minbase root"
		return
	fi
	tmp=$(mktemp -d "${TMPDIR:-/var/tmp}/hvpart-fresh.XXXXXX")
	r=$tmp/root
	mkdir -p "$r"
	# shellcheck disable=SC2064 # expand now
	trap "cleanup_root '$tmp'" EXIT
	if ! tar -C "$r" -xf "$tar" || [ ! -x "$r/usr/bin/make" ]; then
		notok "$name: unpack the minbase root ($tar)"
		rm -f "$tar"
		cleanup_root "$tmp"
		trap - EXIT
		return
	fi
	if dpkg-query --root="$r" -W -f='${Status}' linux-headers-amd64 qemu-system-x86 \
		2>/dev/null | grep -q "ok installed"; then
		notok "$name: the root is fresh (no headers, no QEMU)"
	else
		ok "$name: the root is fresh: minbase and make only"
	fi
	# The project as a clone has it (tracked and new files, no build/).
	mkdir -p "$r/root/hvpart"
	scripts/copy-tree.sh "$r/root/hvpart"
	cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
	for m in proc sys dev; do
		mount --rbind "/$m" "$r/$m" && mounted+=("$r/$m")
		mount --make-rslave "$r/$m" 2>/dev/null
	done
	mkdir -p "$r/tmp" && chmod 1777 "$r/tmp"
	if [ -n "$second" ]; then
		mkdir -p "$r/root/.cache/hvpart"
		mount --bind "$cache" "$r/root/.cache/hvpart" &&
			mounted+=("$r/root/.cache/hvpart")
	fi

	log "$name: chroot, cd /root/hvpart, $readme_cmd"
	start=$(date +%s)
	out=$tmp/out.log
	chroot "$r" /usr/bin/env -i HOME=/root TERM=dumb \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		/bin/sh -c "cd /root/hvpart && $readme_cmd" >"$out" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	sed "s/^/    $name| /" "$out" | tail -n 40
	echo "# $name: a cold '$readme_cmd' took ${secs}s (fresh root, empty cache)"
	if [ "$rc" -eq 0 ]; then
		ok "$name: '$readme_cmd' exits 0 on a fresh machine"
	else
		notok "$name: '$readme_cmd' exits 0 on a fresh machine (exit $rc)"
	fi
	if [ -n "$second" ]; then
		if tail -n 1 "$out" | grep -Eq '^[0-9]+ passed, 0 failed'; then
			ok "$name: '$readme_cmd' ends with N passed, 0 failed"
		else
			notok "$name: '$readme_cmd' ends with N passed, 0 failed"
		fi
	# The demo's hvctl list: its heading, then partitions 1, 3 and 4.
	elif grep -q '^ID .*STATE' "$out" &&
	   grep -Eq '^1 +created' "$out" && grep -Eq '^4 +created' "$out"; then
		ok "$name: the demo lists the partitions it created"
	else
		notok "$name: the demo lists the partitions it created"
	fi
	if [ -n "$second" ]; then
		:
	elif grep -q '"id":4,"state":"created"' "$out"; then
		ok "$name: hvctl -j show prints partition 4"
	else
		notok "$name: hvctl -j show prints partition 4"
	fi
	# The guest's console logs, for a failure's story.
	mkdir -p "build/fresh-$name"
	cp "$r"/root/hvpart/build/*console.log "build/fresh-$name/" 2>/dev/null
	cp "$out" "build/fresh-$name/make.log"
	cleanup_root "$tmp"
	trap - EXIT
}

[ $# -gt 0 ] || set -- bookworm trixie
for suite in "$@"; do
	case $suite in
	bookworm) fresh_run bookworm debian12 ;;
	trixie) fresh_run trixie debian13 ;;
	*) notok "unknown suite $suite (bookworm, trixie)" ;;
	esac
done
finish
