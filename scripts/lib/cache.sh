# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced, not run: building one directory of $HVPART_CACHE, for
# scripts/guest-kernel.sh, guest-kernel-arm64.sh and debug-kernel.sh.
# The sourcing script defines log and die first.
#
# A cache dir is built in a temp dir beside it and renamed into place, so
# that it is either complete or absent: a run killed half-way leaves
# nothing that looks usable, and of two runs building the same dir at once
# the second keeps the first one's and drops its own.

# cache_build_start DIR: make $cache_tmp, an empty temp dir beside cache
# dir DIR, removed if the script exits before cache_build_finish.  DIR
# must not exist: the caller builds only a dir that is not complete, and
# one that exists incomplete was not made by this protocol.
cache_build_start() {
	local dir=$1 parent

	[ ! -e "$dir" ] || die "$dir exists but is incomplete; remove it"
	parent=$(dirname "$dir")
	mkdir -p "$parent"
	cache_tmp=$(mktemp -d "$parent/.$(basename "$dir").XXXXXX")
	trap 'rm -rf "$cache_tmp"' EXIT
}

# cache_build_finish DIR FILE: rename $cache_tmp/out, the finished cache,
# to DIR.  When another run got there first, use its DIR, which must hold
# FILE, and drop ours.
cache_build_finish() {
	local dir=$1 file=$2

	if ! mv -T "$cache_tmp/out" "$dir" 2>/dev/null; then
		[ -f "$dir/$file" ] || die "could not move the cache into $dir"
		log "$dir appeared meanwhile; using it"
	fi
	rm -rf "$cache_tmp"
	trap - EXIT
	log "cached in $dir"
}
