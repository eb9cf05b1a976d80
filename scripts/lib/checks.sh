# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Sourced, not run: the "ok"/"not ok" lines of scripts/style.sh and
# scripts/kernel-matrix.sh, and their counts in $pass and $fail.

pass=0
fail=0
# How many lines of a failed check's output to show; empty: all of them.
check_max_lines=

# check NAME BAD: "ok - NAME" when file BAD is empty; else "not ok - NAME"
# and what BAD holds, indented.
check() {
	local name=$1 bad=$2

	if [ -s "$bad" ]; then
		echo "not ok - $name"
		if [ -n "$check_max_lines" ]; then
			head -n "$check_max_lines" "$bad"
		else
			cat "$bad"
		fi | sed 's/^/    /'
		fail=$((fail + 1))
	else
		echo "ok - $name"
		pass=$((pass + 1))
	fi
}
