#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Copy this project into DEST as a clone holds it, for a build or test
# root (scripts/fresh-machine.sh, scripts/debian12-root.sh): tracked and
# new files plus .git, so that git ls-files works there too; without git
# (a root holding only make), every file but build/.
#
#   scripts/copy-tree.sh DEST
set -euo pipefail

cd "$(dirname "$0")/.."
[ $# -eq 1 ] || { echo "usage: $0 DEST" >&2; exit 2; }
mkdir -p "$1"
if command -v git >/dev/null && git rev-parse --git-dir >/dev/null 2>&1; then
	{ git ls-files -co --exclude-standard; echo .git; } | tar cf - -T - | tar xf - -C "$1"
else
	tar cf - --exclude=./build . | tar xf - -C "$1"
fi
