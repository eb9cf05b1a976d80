#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Checks Documentation/netlink/specs/hvpart.yaml: valid against the YNL
# schema (Documentation/netlink/genetlink-legacy.yaml), and saying what
# uapi/linux/hvpart.h and drivers/hvpart/netlink.c say (names, values,
# types, policy, operations, notifications).  The checks are in
# spec_check.py, next to this file.
#
#	tests/netlink/spec_test.sh
#
# Prints "ok - NAME" or "not ok - NAME" per check, then
# "spec: N passed, N failed"; exits non-zero when a check failed.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# Debian's interpreter has python3-yaml and python3-jsonschema from
# scripts/deps.sh; a python3 earlier in PATH may have neither.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
exec "$py" "$top/tests/netlink/spec_check.py" "$top"
