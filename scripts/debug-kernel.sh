#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The debug guest kernel: Debian's linux-source-6.1 built with tinyconfig
# plus tests/debug/debug.config (KASAN, kmemleak, lockdep, UBSAN, fault
# injection, KVM and KUnit as modules).
#
#   scripts/debug-kernel.sh [--dir]   ensure and print the cache dir
#   scripts/debug-kernel.sh --build   print the kernel build dir (for M=)
#
# The cache dir, $HVPART_CACHE/debug-<source version>-<hash of the
# fragment>, holds what tests/e2e/run.sh --kernel takes:
#   vmlinuz    the bzImage (KASAN does not boot through PVH)
#   modules/   modules_install's lib/modules/<krel> (kvm, kvm-amd, kunit)
#   build/     the O= build tree, to build hvpart against
#   krel       the kernel release
# A warm cache costs nothing; a changed fragment or source package makes a
# new one (about 10 minutes on 2 cores).  The cache is built in a temp dir
# and renamed into place, so it is either complete or absent.  Logs go to
# stderr, only the path goes to stdout.
set -euo pipefail

log() { echo "debug-kernel: $*" >&2; }
die() { log "error: $*"; exit 1; }

top=$(cd "$(dirname "$0")/.." && pwd)
fragment=$top/tests/debug/debug.config
mode=dir
case ${1:-} in
""|--dir) ;;
--build) mode=build ;;
*) echo "usage: $0 [--dir | --build]" >&2; exit 2 ;;
esac

cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
hash=$(sha256sum "$fragment" | cut -c1-12)
dir=$cache/debug-$version-$hash

build_cache() {
	local src tmp opt want got

	# drivers/Kconfig sources drivers/hvpart/Kconfig, where the KUnit
	# scripts link a checkout: link this one, so the link cannot dangle.
	src=$("$top/scripts/linux-source.sh" --link)
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.debug-$version.XXXXXX")
	# shellcheck disable=SC2064 # expand now: $tmp is local
	trap "rm -rf '$tmp'" EXIT
	log "building the debug kernel in $tmp (tinyconfig + $fragment)"
	make -C "$src" O="$tmp/build" -s tinyconfig >&2
	"$src/scripts/kconfig/merge_config.sh" -m -O "$tmp/build" \
		"$tmp/build/.config" "$fragment" >&2
	make -C "$src" O="$tmp/build" -s olddefconfig >&2
	# Every option asked for must have stuck: a missing dependency
	# silently drops one (KASAN without SLUB, say).
	while IFS= read -r opt; do
		case $opt in
		CONFIG_*=*) want=$opt ;;
		"# CONFIG_"*" is not set") want=$opt ;;
		*) continue ;;
		esac
		got=$(grep -x -F -- "$want" "$tmp/build/.config" || true)
		[ -n "$got" ] || die "$want did not stick in the debug kernel's .config"
	done <"$fragment"
	make -C "$src" O="$tmp/build" -j"$(nproc)" -s bzImage modules >&2
	make -C "$src" O="$tmp/build" -s INSTALL_MOD_PATH="$tmp/root" \
		modules_install >&2
	mkdir "$tmp/out"
	cp "$tmp/build/arch/x86/boot/bzImage" "$tmp/out/vmlinuz"
	krel=$(cat "$tmp/build/include/config/kernel.release")
	mv "$tmp/root/lib/modules/$krel" "$tmp/out/modules"
	rm -f "$tmp/out/modules/build" "$tmp/out/modules/source"
	echo "$krel" >"$tmp/out/krel"
	mv "$tmp/build" "$tmp/out/build"
	if ! mv -T "$tmp/out" "$dir" 2>/dev/null; then
		[ -f "$dir/vmlinuz" ] || die "could not move the cache into $dir"
		log "$dir appeared meanwhile; using it"
	fi
	rm -rf "$tmp"
	trap - EXIT
	log "cached in $dir"
}

if ! { [ -f "$dir/vmlinuz" ] && [ -d "$dir/modules" ] &&
       [ -f "$dir/build/Makefile" ]; }; then
	[ ! -e "$dir" ] || die "$dir exists but is incomplete; remove it"
	build_cache
fi
if [ "$mode" = build ]; then
	echo "$dir/build"
else
	echo "$dir"
fi
