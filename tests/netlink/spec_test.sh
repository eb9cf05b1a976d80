#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks Documentation/netlink/specs/hvpart.yaml with the kernel's own YNL
# tools and schemas (Debian 13's linux-source-6.12, fetched and cached by
# fetch_ynl.sh, never kept in this tree): the spec against the schema,
# uapi/linux/hvpart_netlink.h against what ynl-gen-c generates, the
# definitions <linux/hvpart.h> keeps, drivers/hvpart/netlink.c's policy,
# ops and messages, and Documentation/netlink.rst.  The checks are in
# spec_check.py, next to this file.
#
#	tests/netlink/spec_test.sh		check
#	tests/netlink/spec_test.sh --regen	write uapi/linux/hvpart_netlink.h
#						from the spec, then check
#
# Prints "ok - NAME" or "not ok - NAME" per check, then
# "spec: N passed, N failed"; exits non-zero when a check failed.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# Debian's interpreter has python3-yaml and python3-jsonschema from
# scripts/deps.sh; a python3 earlier in PATH may have neither.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if ! ynl=$("$top/tests/netlink/fetch_ynl.sh"); then
	echo "not ok - the kernel's YNL tools (linux-source-6.12) are at hand"
	echo "spec: 0 passed, 1 failed"
	exit 1
fi
# No __pycache__ in the shared cache or this tree.
export PYTHONDONTWRITEBYTECODE=1
exec "$py" "$top/tests/netlink/spec_check.py" "$top" "$ynl" "$@"
