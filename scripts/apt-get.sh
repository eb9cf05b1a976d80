#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# apt for downloads only: Debian's bookworm, bookworm-backports, trixie and
# trixie-backports, amd64 and arm64, in a private apt state under
# $HVPART_CACHE/apt.  The host's own sources, lists and installed packages
# are never touched, so nothing here can upgrade the host; what it fetches
# is unpacked with dpkg-deb -x by the caller.
#
#   scripts/apt-get.sh update                 refresh the lists (once a day)
#   scripts/apt-get.sh download DIR PKG...    .debs into DIR
#   scripts/apt-get.sh newest SUITE REGEX [ARCH]
#                                             the newest package of SUITE
#                                             (ARCH amd64 or arm64) whose
#                                             name matches REGEX (anchored),
#                                             by version
#
# HVPART_MIRROR overrides the mirror (default http://deb.debian.org/debian).
set -euo pipefail

log() { echo "apt-get.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
mirror=${HVPART_MIRROR:-http://deb.debian.org/debian}
base=$cache/apt
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
SUITES=(bookworm bookworm-backports trixie trixie-backports)

[ -f "$keyring" ] || die "no $keyring (apt-get install debian-archive-keyring)"

setup() {
	local s
	mkdir -p "$base/etc" "$base/state/lists/partial" \
		"$base/cache/archives/partial"
	{
		for s in "${SUITES[@]}"; do
			echo "deb [arch=amd64,arm64 signed-by=$keyring] $mirror $s main"
		done
	} > "$base/etc/sources.list.new"
	if ! cmp -s "$base/etc/sources.list.new" "$base/etc/sources.list"; then
		mv "$base/etc/sources.list.new" "$base/etc/sources.list"
		rm -f "$base/state/updated"
	else
		rm -f "$base/etc/sources.list.new"
	fi
	# An empty status: apt resolves as for a machine with nothing installed.
	: > "$base/status.empty"
}

APT_OPTS=(-q -o "Dir::Etc::SourceList=$base/etc/sources.list"
	  -o Dir::Etc::SourceParts=/dev/null -o Dir::Etc::Preferences=/dev/null
	  -o Dir::Etc::PreferencesParts=/dev/null
	  -o "Dir::State=$base/state" -o "Dir::Cache=$base/cache"
	  -o "Dir::State::status=$base/status.empty"
	  -o APT::Architectures::=amd64 -o APT::Architectures::=arm64
	  -o APT::Sandbox::User=root -o Acquire::Languages=none)

update() {
	setup
	# Fresh lists at most a day old; a failed update keeps the old ones.
	if [ -n "$(find "$base/state/updated" -mmin -1440 2>/dev/null)" ]; then
		return 0
	fi
	log "updating the download-only lists (${SUITES[*]})"
	apt-get "${APT_OPTS[@]}" update >&2 || die "apt-get update failed"
	touch "$base/state/updated"
}

[ $# -ge 1 ] || { sed -n '10,18p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
cmd=$1
shift
case $cmd in
update)
	update
	;;
download)
	[ $# -ge 2 ] || die "download DIR PKG..."
	dir=$1
	shift
	update
	mkdir -p "$dir"
	(cd "$dir" && apt-get "${APT_OPTS[@]}" download "$@" >&2) ||
		die "apt-get download $* failed"
	;;
newest)
	[ $# -eq 2 ] || [ $# -eq 3 ] || die "newest SUITE REGEX [ARCH]"
	update
	# Names from the suite's own Packages list, so a package of another
	# suite with a higher version cannot win.
	list=$(find "$base/state/lists" -maxdepth 1 \
		-name "*_dists_${1}_main_binary-${3:-amd64}_Packages*" | head -n 1)
	[ -n "$list" ] || die "no Packages list for $1"
	# apt may keep its lists compressed; its helper reads them either way.
	/usr/lib/apt/apt-helper cat-file "$list" | sed -n 's/^Package: //p' |
		grep -E "^($2)\$" | sort -V | tail -n 1
	;;
*)
	die "unknown command $cmd"
	;;
esac
