#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of `hvctl decode` (and of the hvctl paths that need no module).
#
#	tests/hvctl/decode_test.sh PATH/TO/hvctl
#
# Prints "ok - NAME" or "not ok - NAME" per case, then "hvctl: N passed, N failed";
# exits non-zero when a case failed.

set -u

if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $0 PATH/TO/hvctl" >&2
	exit 2
fi
HVCTL=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0

# le VALUE BYTES: VALUE as BYTES little-endian bytes in hex.
le() {
	local v out="" i

	v=$(printf "%0*x" $(($2 * 2)) "$1")
	for ((i = ${#v} - 2; i >= 0; i -= 2)); do
		out+="${v:i:2} "
	done
	echo "$out"
}

# amd64 FLAGS DOMAIN PROXFLAGS COMPAT PADDING BANK0 BANK1 XSAVE RZ0
amd64() {
	echo "$(le "$1" 8)# flags"
	echo "$(le "$2" 4)$(le "$3" 4)# proximity"
	echo "$(le "$4" 4)$(le "$5" 4)# compat, padding"
	echo "$(le "$6" 8)$(le "$7" 8)# feature banks"
	echo "$(le "$8" 8)# xsave"
	echo "$(le "$9" 8)# ReservedZ0"
}

# arm64 FLAGS DOMAIN PROXFLAGS COMPAT PADDING BANK0 BANK1 RZ0
arm64() {
	echo "$(le "$1" 8)$(le "$2" 4)$(le "$3" 4)"
	echo "$(le "$4" 4)$(le "$5" 4)$(le "$6" 8)$(le "$7" 8)"
	le "$8" 8
}

# check NAME RC [-o PATTERN]... [-e PATTERN]... -- ARGS...
# Runs hvctl ARGS with $TMP/in on stdin; passes when the exit code is RC and
# every -o pattern is a line of stdout and every -e pattern is in stderr.
check() {
	local name=$1 want=$2 rc ok=1 why=""
	local -a outs=() errs=()

	shift 2
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do
		case $1 in
		-o) outs+=("$2") ;;
		-e) errs+=("$2") ;;
		esac
		shift 2
	done
	shift
	"$HVCTL" "$@" <"$TMP/in" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		ok=0
		why="exit $rc, want $want"
	fi
	for p in "${outs[@]+"${outs[@]}"}"; do
		if ! grep -qxF -- "$p" "$TMP/out"; then
			ok=0
			why="${why:+$why; }stdout lacks '$p'"
		fi
	done
	for p in "${errs[@]+"${errs[@]}"}"; do
		if ! grep -qF -- "$p" "$TMP/err"; then
			ok=0
			why="${why:+$why; }stderr lacks '$p'"
		fi
	done
	if [ "$(wc -l <"$TMP/err")" -gt 1 ]; then
		ok=0
		why="${why:+$why; }more than one line on stderr"
	fi
	if [ $ok -eq 1 ]; then
		echo "ok - $name"
		passed=$((passed + 1))
	else
		echo "not ok - $name: $why"
		sed 's/^/#   /' "$TMP/out" "$TMP/err"
		failed=$((failed + 1))
	fi
}

SUCCESS="verdict: HV_STATUS_SUCCESS"
INVALID="verdict: HV_STATUS_INVALID_PARAMETER (0x5)"
V21H2=0x0609
VALID_DOMAIN=0x80000000

amd64 0x402000 0 0 $V21H2 0 0 0 0 0 >"$TMP/in"
check "valid amd64 page" 0 -o "$SUCCESS" \
	-o "     0     8  flags                              0x0000000000402000  LAPIC_ENABLED,X2APIC_CAPABLE" \
	-o "    16     4  compatibility_version              0x0609  21H2" \
	-o "    48     8  reserved_z0                        0x0000000000000000" \
	-- decode --layout amd64

amd64 0x2004 0 0 $V21H2 0 0 0 0 0 >"$TMP/in"
check "flags bit 2" 1 -o "$INVALID: flags bit 2 is undefined" \
	-o "     0     8  flags                              0x0000000000002004  bit 2,LAPIC_ENABLED" \
	-- decode --layout amd64

amd64 0 5 0x80000002 $V21H2 0 0 0 0 0 >"$TMP/in"
check "reserved proximity flag bit" 1 \
	-o "$INVALID: proximity flags bit 1 is reserved" \
	-o "    12     4  proximity_domain_info.flags        0x80000002  bit 1,INFO_VALID" \
	-- decode --layout amd64

amd64 0 64 $VALID_DOMAIN $V21H2 0 0 0 0 0 >"$TMP/in"
check "proximity domain over 63" 1 \
	-o "$INVALID: proximity domain 64 is over 63" -- decode --layout amd64

amd64 0 0 $((VALID_DOMAIN | 1)) $V21H2 0 0 0 0 0 >"$TMP/in"
check "preferred domain 0" 0 -o "$SUCCESS" \
	-o "    12     4  proximity_domain_info.flags        0x80000001  PREFERRED,INFO_VALID" \
	-- decode --layout amd64

amd64 0 0 0 0x0606 0 0 0 0 0 >"$TMP/in"
check "bad compatibility version" 1 \
	-o "$INVALID: compatibility version 0x0606 is not supported" \
	-o "    16     4  compatibility_version              0x0606  unknown" \
	-- decode --layout amd64

amd64 0 0 0 $V21H2 1 0 0 0 0 >"$TMP/in"
check "non-zero padding" 1 -o "$INVALID: padding is 0x1, not zero" \
	-- decode --layout amd64

amd64 0 0 0 $V21H2 0 0 0 0 0x100 >"$TMP/in"
check "non-zero ReservedZ0" 1 -o "$INVALID: ReservedZ0 is 0x100, not zero" \
	-- decode --layout amd64

amd64 0 0 0 $V21H2 0 -1 -1 -1 0 >"$TMP/in"
check "reserved feature and xsave bits accepted" 0 -o "$SUCCESS" \
	-o "    40     8  disabled_processor_xsave_features  0xffffffffffffffff" \
	-- decode --layout amd64

arm64 0x2000 0 0 $V21H2 0 3 0 0 >"$TMP/in"
check "valid arm64 page" 0 -o "$SUCCESS" \
	-o "layout: arm64, 48 bytes (HvCallCreatePartition input)" \
	-o "    24     8  disabled_processor_features[0]     0x0000000000000003" \
	-o "    40     8  reserved_z0                        0x0000000000000000" \
	-- decode --layout arm64

arm64 0 0 0 $V21H2 0 0 0 1 >"$TMP/in"
check "arm64 ReservedZ0 at offset 40" 1 \
	-o "$INVALID: ReservedZ0 is 0x1, not zero" -- decode --layout arm64

arm64 0 0 0 $V21H2 0 0 0 0 >"$TMP/in"
check "arm64 page is short for amd64" 2 \
	-e "hvctl: decode: stdin: page is 48 bytes, the amd64 layout needs 56" \
	-- decode --layout amd64

amd64 0 0 0 $V21H2 0 0 0 0 0 | head -c 100 >"$TMP/in"
check "short page" 2 \
	-e "the amd64 layout needs 56" -- decode --layout amd64

: >"$TMP/in"
check "empty input" 2 -e "page is 0 bytes, the arm64 layout needs 48" \
	-- decode --layout arm64

{
	echo "# xxd -p style, then 0x-prefixed tokens, then a page's tail"
	echo "0020000000000000 0000000000000000 09060000 00000000 # flags .. padding"
	echo "0x00000000000000000000000000000000 0x0000000000000000 0x0000000000000000"
	echo "0xde 0xad be ef"
} >"$TMP/in"
check "xxd -p, 0x tokens, comments, extra bytes" 0 -o "$SUCCESS" \
	-o "     0     8  flags                              0x0000000000002000  LAPIC_ENABLED" \
	-o "ignored: 4 bytes past the 56-byte layout" -- decode --layout amd64

head -c 4096 /dev/zero | od -An -v -tx1 >"$TMP/in"
check "whole zero page" 1 -o "ignored: 4040 bytes past the 56-byte layout" \
	-o "$INVALID: compatibility version 0x0000 is not supported" \
	-- decode --layout amd64

head -c 4097 /dev/zero | od -An -v -tx1 >"$TMP/in"
check "more than a page" 2 -e "more than a 4096-byte page" \
	-- decode --layout amd64

echo "00 2g" >"$TMP/in"
check "bad hex token" 2 -e "hvctl: decode: stdin:1: '2g' is not hex" -- decode

echo "00 abc" >"$TMP/in"
check "odd-length token" 2 -e "'abc' has an odd number of digits" -- decode

amd64 0 0 0 $V21H2 0 0 0 0 0 >"$TMP/page.hex"
: >"$TMP/in"
check "page from a file" 0 -o "$SUCCESS" -- decode --layout amd64 "$TMP/page.hex"
check "missing file" 4 -e "$TMP/nonexistent: No such file or directory" \
	-- decode "$TMP/nonexistent"
check "unknown layout" 2 -e "hvctl: decode: unknown layout 'x86'" \
	-- decode --layout x86

check "help without the module" 0 -o "Exit status:" -- help
check "--help without the module" 0 -o "Exit status:" -- --help
check "missing device" 3 \
	-e "hvctl: $TMP/hvpart: No such file or directory (hvpart module not loaded?)" \
	-- --device "$TMP/hvpart" create
check "unknown flag is a usage error" 2 -e "hvctl: create: unknown flag 'lapic'" \
	-- --device "$TMP/hvpart" create --flags lapic
check "xsave with arm64 is a usage error" 2 -e "amd64-only" \
	-- --device "$TMP/hvpart" create --layout arm64 --disable-xsave 1
check "bad delete id is a usage error" 2 -e "bad partition ID '-5x'" \
	-- --device "$TMP/hvpart" delete -- -5x

echo "hvctl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
