#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The debug guest kernels: Debian's linux-source-6.1 built with tinyconfig
# plus tests/debug/debug.config (KASAN, kmemleak, lockdep, UBSAN, fault
# injection, KVM and KUnit as modules), and with --config kcsan that plus
# tests/debug/kcsan.config (KCSAN instead of KASAN, kmemleak and lockdep).
#
#   scripts/debug-kernel.sh [--config debug|kcsan] [--dir]
#                                     ensure and print the cache dir
#   scripts/debug-kernel.sh [--config debug|kcsan] --build
#                                     print the kernel build dir (for M=)
#
# The cache dir, $HVPART_CACHE/<config>-<source version>-<hash of the
# fragments>, holds what tests/e2e/run.sh --kernel takes:
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
# shellcheck source=scripts/lib/cache.sh
. "$(dirname "$0")/lib/cache.sh"

top=$(cd "$(dirname "$0")/.." && pwd)
mode=dir
config=debug
usage() {
	echo "usage: $0 [--config debug|kcsan] [--dir | --build]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case $1 in
	--dir) mode=dir; shift ;;
	--build) mode=build; shift ;;
	--config) [ $# -ge 2 ] || usage; config=$2; shift 2 ;;
	*) usage ;;
	esac
done
# Later fragments override earlier ones.
case $config in
debug) fragments=("$top/tests/debug/debug.config") ;;
kcsan) fragments=("$top/tests/debug/debug.config" "$top/tests/debug/kcsan.config") ;;
*) usage ;;
esac

cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)
# The debug kernel's hash is the one of debug.config alone, as before.
hash=$(cat "${fragments[@]}" | sha256sum | cut -c1-12)
dir=$cache/$config-$version-$hash

# The options that must stick: all of the last fragment's, and of the
# earlier ones what comes before their "# The checkers" line (the system
# the later one builds on; the checkers it replaces have sub-options that
# vanish with them).
wanted_options() {
	local i n=${#fragments[@]}

	{
		for ((i = 0; i < n - 1; i++)); do
			sed '/^# The checkers/,$d' "${fragments[$i]}"
		done
		cat "${fragments[$((n - 1))]}"
	} | grep -E '^(CONFIG_.*=.*|# CONFIG_.* is not set)$'
}

build_cache() {
	local src tmp want got

	cache_build_start "$dir"
	tmp=$cache_tmp
	# drivers/Kconfig sources drivers/hvpart/Kconfig, where the KUnit
	# scripts link a checkout: link this one, so the link cannot dangle.
	src=$("$top/scripts/linux-source.sh" --link)
	log "building the $config kernel in $tmp (tinyconfig + ${fragments[*]})"
	make -C "$src" O="$tmp/build" -s tinyconfig >&2
	"$src/scripts/kconfig/merge_config.sh" -m -O "$tmp/build" \
		"$tmp/build/.config" "${fragments[@]}" >&2
	make -C "$src" O="$tmp/build" -s olddefconfig >&2
	# Every option asked for must have stuck: a missing dependency
	# silently drops one (KASAN without SLUB, say).
	while IFS= read -r want; do
		got=$(grep -x -F -- "$want" "$tmp/build/.config" || true)
		[ -n "$got" ] || die "$want did not stick in the $config kernel's .config"
	done < <(wanted_options)
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
	cache_build_finish "$dir" vmlinuz
}

if ! { [ -f "$dir/vmlinuz" ] && [ -d "$dir/modules" ] &&
       [ -f "$dir/build/Makefile" ]; }; then
	build_cache
fi
if [ "$mode" = build ]; then
	echo "$dir/build"
else
	echo "$dir"
fi
