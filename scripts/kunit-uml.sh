#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run hvpart's KUnit suites under UML with kunit.py from Debian's
# linux-source-6.1.  The extracted source and the build are cached under
# $HVPART_CACHE, keyed by the source package version; this checkout is
# linked into the tree as drivers/hvpart.
#
# Prints kunit.py's output and ends with "kunit: N passed, N failed".
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=scripts/lib/kunit.sh
. "$top/scripts/lib/kunit.sh"
cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
version=$(dpkg-query -W -f='${Version}' linux-source-6.1)

# UML keeps its memory in a file under TMPDIR: keep it on disk.
export TMPDIR=$cache/tmp
mkdir -p "$TMPDIR"

kunit_run kunit "$cache/kunit-uml-$version"
