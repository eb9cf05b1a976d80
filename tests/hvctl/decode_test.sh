#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of `hvctl decode`, and of every hvctl path that needs no module:
# usage errors (exit 2) and a missing device or netlink family (exit 3) for
# each command; then the unit test of the JSON printer, print_test.c, and
# docs_test.sh, which holds the man page and the completion to hvctl help.
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
	-o "     0     8  flags                              0x0000000000002004  bit2,LAPIC_ENABLED" \
	-- decode --layout amd64

amd64 0 5 0x80000002 $V21H2 0 0 0 0 0 >"$TMP/in"
check "reserved proximity flag bit" 1 \
	-o "$INVALID: proximity flags bit 1 is reserved" \
	-o "    12     4  proximity_domain_info.flags        0x80000002  bit1,INFO_VALID" \
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

# Every bit set: each named the x64 way, bitN where x64 has no name.
X64_XSAVE_ALL="xsave,xsaveopt,avx,avx2,fma,mpx,avx512,avx512_dq,avx512_cd"
X64_XSAVE_ALL+=",avx512_bw,avx512_vl,xsave_comp,xsave_supervisor,xcr1"
X64_XSAVE_ALL+=",avx512_bitalg,avx512_ifma,avx512_vbmi,avx512_vbmi2"
X64_XSAVE_ALL+=",avx512_vnni,gfni,vaes,avx512_vpopcntdq,vpclmulqdq"
X64_XSAVE_ALL+=",avx512_bf16,avx512_vp2_intersect,avx512_fp16,bit26"
X64_XSAVE_ALL+=",amx_tile,amx_bf16,amx_int8,avx_vnni"
for ((i = 31; i < 64; i++)); do
	X64_XSAVE_ALL+=",bit$i"
done
amd64 0 0 0 $V21H2 0 -1 -1 -1 0 >"$TMP/in"
check "reserved feature and xsave bits accepted" 0 -o "$SUCCESS" \
	-o "    40     8  disabled_processor_xsave_features  0xffffffffffffffff  $X64_XSAVE_ALL" \
	-- decode --layout amd64

arm64 0x2000 0 0 $V21H2 0 3 0 0 >"$TMP/in"
check "valid arm64 page" 0 -o "$SUCCESS" \
	-o "layout: arm64, 48 bytes (HvCallCreatePartition input)" \
	-o "    24     8  disabled_processor_features[0]     0x0000000000000003  asid16,t_gran16" \
	-o "    40     8  reserved_z0                        0x0000000000000000" \
	-- decode --layout arm64

# Disabled features are named by the page's layout: the same bits are
# sve, aes and gpa on ARM64, but bit37, f16c and ibrs on AMD64.
A64_AES=$((1 << 20))
A64_GPA=$((1 << 44))
A64_SVE=$((1 << 37))
arm64 0 0 0 $V21H2 0 $((A64_AES | A64_GPA)) $A64_SVE 0 >"$TMP/in"
check "arm64 disabled features by ARM64 name" 0 -o "$SUCCESS" \
	-o "    24     8  disabled_processor_features[0]     0x0000100000100000  aes,gpa" \
	-o "    32     8  disabled_processor_features[1]     0x0000002000000000  sve" \
	-- decode --layout arm64
amd64 0 0 0 $V21H2 0 $((A64_AES | A64_GPA)) $A64_SVE 0 0 >"$TMP/in"
check "the same bits on amd64 by x64 name" 0 -o "$SUCCESS" \
	-o "    24     8  disabled_processor_features[0]     0x0000100000100000  f16c,ibrs" \
	-o "    32     8  disabled_processor_features[1]     0x0000002000000000  bit37" \
	-o "    40     8  disabled_processor_xsave_features  0x0000000000000000" \
	-- decode --layout amd64
arm64 0 0 0 $V21H2 0 0 $(((1 << 45) | (1 << 46) | (1 << 63))) 0 >"$TMP/in"
check "arm64 bits without a name" 0 -o "$SUCCESS" \
	-o "    24     8  disabled_processor_features[0]     0x0000000000000000" \
	-o "    32     8  disabled_processor_features[1]     0x8000600000000000  e0_pd,bit46,bit63" \
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
	-e "hvctl: $TMP/hvpart: No such file or directory (hvpart module not loaded? sudo modprobe hvpart)" \
	-- --device "$TMP/hvpart" create
check "unknown flag is a usage error" 2 -e "hvctl: create: unknown flag 'lapic'" \
	-- --device "$TMP/hvpart" create --flags lapic
check "xsave with arm64 is a usage error" 2 -e "amd64-only" \
	-- --device "$TMP/hvpart" create --layout arm64 --disable-xsave 1
check "bad delete id is a usage error" 2 -e "bad partition ID '-5x'" \
	-- --device "$TMP/hvpart" delete -- -5x

# The lifecycle, property and cpuid commands: what fails before the device.
NODEV=$TMP/hvpart
check "help lists init" 0 \
	-o "  init          Initialize a partition: its KVM VM (HvCallInitializePartition)" \
	-- help
check "help init" 0 -o "Usage: hvctl init [--device PATH] ID" -- help init
check "help finalize" 0 -o "Usage: hvctl finalize [--device PATH] ID" \
	-- help finalize
check "help get-property" 0 \
	-o "Usage: hvctl get-property [-j [-p]] [--raw] [--device PATH] ID PROPERTY" \
	-- help get-property
check "help set-property lists features" 0 \
	-o "Usage: hvctl set-property [--device PATH] ID PROPERTY VALUE" \
	-o "PROCESSOR_XSAVE_FEATURES:" -- help set-property
check "cpuid --help" 0 -o "Usage: hvctl cpuid [-j [-p]] [--raw] [--device PATH] ID" \
	-- cpuid --help

check "init without an id" 2 \
	-e "hvctl: init: missing partition ID (see hvctl help init)" \
	-- --device "$NODEV" init
check "init with a bad id" 2 \
	-e "hvctl: init: bad partition ID '3x' (want a number or 'self')" \
	-- --device "$NODEV" init 3x
check "init with two ids" 2 -e "hvctl: init: unexpected argument '4'" \
	-- --device "$NODEV" init 3 4
check "init with an unknown option" 2 -e "hvctl: init: unknown option '-x'" \
	-- --device "$NODEV" init -x 3
check "init without the device" 3 \
	-e "hvctl: $NODEV: No such file or directory (hvpart module not loaded? sudo modprobe hvpart)" \
	-- init --device "$NODEV" 3
check "finalize with a bad id" 2 -e "hvctl: finalize: bad partition ID '-1'" \
	-- --device "$NODEV" finalize -- -1
check "finalize without an id" 2 -e "hvctl: finalize: missing partition ID" \
	-- --device "$NODEV" finalize
check "finalize self without the device" 3 -e "hvpart module not loaded?" \
	-- --device "$NODEV" finalize self

check "get-property without a property" 2 \
	-e "hvctl: get-property: missing PROPERTY (see hvctl help get-property)" \
	-- --device "$NODEV" get-property 3
check "get-property without arguments" 2 \
	-e "hvctl: get-property: missing partition ID" \
	-- --device "$NODEV" get-property
check "get-property with an unknown property" 2 \
	-e "hvctl: get-property: unknown property 'vendor' (see hvctl help get-property)" \
	-- --device "$NODEV" get-property 3 vendor
check "get-property with a bad property number" 2 \
	-e "hvctl: get-property: unknown property '0x1000000000'" \
	-- --device "$NODEV" get-property 3 0x1000000000
check "get-property with a bad id" 2 \
	-e "hvctl: get-property: bad partition ID 'x'" \
	-- --device "$NODEV" get-property x processor-vendor
check "get-property with an extra argument" 2 \
	-e "hvctl: get-property: unexpected argument 'x'" \
	-- --device "$NODEV" get-property 3 processor-vendor x
check "get-property by name, any case, without the device" 3 \
	-e "hvpart module not loaded?" \
	-- --device "$NODEV" get-property 3 Processor-Features0 --raw
check "get-property by prefixed name without the device" 3 \
	-e "hvpart module not loaded?" -- --device "$NODEV" get-property \
	3 HV_PARTITION_PROPERTY_PROCESSOR_XSAVE_FEATURES
check "get-property by number without the device" 3 \
	-e "hvpart module not loaded?" \
	-- get-property --device "$NODEV" self 0x00012345

check "set-property without a value" 2 \
	-e "hvctl: set-property: missing VALUE (see hvctl help set-property)" \
	-- --device "$NODEV" set-property 3 processor-features0
check "set-property with a bad number" 2 \
	-e "hvctl: set-property: bad value '12x'" \
	-- --device "$NODEV" set-property 3 processor-features0 12x
check "set-property with an unknown feature" 2 \
	-e "hvctl: set-property: unknown feature 'sse5' (hvctl help set-property lists them)" \
	-- --device "$NODEV" set-property 3 processor-features0 sse3,sse5
check "set-property with a feature of another bank" 2 \
	-e "hvctl: set-property: 'avx' is a PROCESSOR_XSAVE_FEATURES feature, not PROCESSOR_FEATURES0" \
	-- --device "$NODEV" set-property 3 processor-features0 -avx
check "set-property mixing names and edits" 2 \
	-e "hvctl: set-property: VALUE mixes feature names with +/- edits" \
	-- --device "$NODEV" set-property 3 processor-features0 sse3,-ssse3
check "set-property with an empty item" 2 \
	-e "hvctl: set-property: empty item in VALUE 'sse3,'" \
	-- --device "$NODEV" set-property 3 processor-features0 sse3,
check "set-property with names for a read-only property" 2 \
	-e "hvctl: set-property: PROCESSOR_VENDOR takes a number, not 'amd'" \
	-- --device "$NODEV" set-property 3 processor-vendor amd
check "set-property with an unknown property" 2 \
	-e "hvctl: set-property: unknown property 'features0'" \
	-- --device "$NODEV" set-property 3 features0 0
check "set-property with an option after ID" 2 \
	-e "hvctl: set-property: unexpected argument '--device'" \
	-- set-property 3 processor-features0 0 --device "$NODEV"
check "set-property names without the device" 3 \
	-e "hvpart module not loaded?" -- --device "$NODEV" set-property \
	3 processor-features0 SSE3,sse4-2,bit63
check "set-property edits without the device" 3 \
	-e "hvpart module not loaded?" -- set-property --device "$NODEV" \
	3 processor-xsave-features -avx,+avx2,-avx512_vl
check "set-property of a read-only property without the device" 3 \
	-e "hvpart module not loaded?" \
	-- --device "$NODEV" set-property 3 compatibility-version 0x0609

check "cpuid without an id" 2 \
	-e "hvctl: cpuid: missing partition ID (see hvctl help cpuid)" \
	-- --device "$NODEV" cpuid --raw
check "cpuid with a bad id" 2 -e "hvctl: cpuid: bad partition ID '0x'" \
	-- --device "$NODEV" cpuid 0x
check "cpuid with an unknown option" 2 \
	-e "hvctl: cpuid: unknown or ambiguous option '--rw'" \
	-- --device "$NODEV" cpuid 3 --rw
check "cpuid without the device" 3 -e "hvpart module not loaded?" \
	-- --device "$NODEV" cpuid 3
check "cpuid --raw without the device" 3 -e "hvpart module not loaded?" \
	-- cpuid 3 --raw --device "$NODEV"

# list, show and monitor: the generic netlink family.  Without the module it
# is missing; skip those cases where the module is loaded.
NOFAMILY='hvctl: generic netlink family "hvpart" not found (hvpart module not loaded? sudo modprobe hvpart)'
check "help lists the netlink commands" 0 \
	-o "  list          List every partition (generic netlink dump)" \
	-o "  show          Print one partition's attributes" \
	-o "  -j, --json     JSON output with stable keys, for every command that" \
	-- help
check "help list" 0 -o "Usage: hvctl list [-j [-p]]" -- help list
check "help show" 0 -o "Usage: hvctl show [-j [-p]] ID" -- show --help
check "help monitor documents --count" 0 \
	-o "Usage: hvctl monitor [-j [-p]] [-t] [--count N]" \
	-o "  --count N      exit 0 after N events (N >= 1)" -- monitor -h
check "list with an argument" 2 -e "hvctl: list: unexpected argument 'all'" \
	-- list all
check "list with an unknown option" 2 \
	-e "hvctl: list: unknown or ambiguous option '--jsn' (see hvctl help list)" \
	-- list --jsn
check "list with an unknown letter" 2 \
	-e "hvctl: list: unknown option '-x' (see hvctl help list)" -- list -jx
check "unknown global option before list" 2 \
	-e "hvctl: unknown option '-jx' (see hvctl help)" -- -jx list
check "show without an id" 2 \
	-e "hvctl: show: missing partition ID (see hvctl help show)" -- -j show
check "show with a bad id" 2 \
	-e "hvctl: show: bad partition ID '7x' (want a number or 'self')" \
	-- show 7x
check "show with a negative id" 2 \
	-e "hvctl: show: unknown option '-7' (see hvctl help show)" -- show -7
check "show with two ids" 2 -e "hvctl: show: unexpected argument '8'" \
	-- show 7 8
check "monitor with --count 0" 2 \
	-e "hvctl: monitor: bad count '0' (want a number of events, 1 or more)" \
	-- -j monitor --count 0
check "monitor with a bad --count" 2 -e "hvctl: monitor: bad count '-1'" \
	-- monitor --count=-1
check "monitor without a count" 2 \
	-e "hvctl: monitor: option '--count' needs an argument" \
	-- monitor --count
check "monitor with an argument" 2 \
	-e "hvctl: monitor: unexpected argument 'now'" -- monitor now
if [ -d /sys/module/hvpart ]; then
	echo "# hvpart is loaded: the missing-family cases are skipped"
else
	check "list without the module" 3 -e "$NOFAMILY" -- list
	check "-j list without the module" 3 -e "$NOFAMILY" -- -j list
	check "list -j -p without the module" 3 -e "$NOFAMILY" -- list -j -p
	check "-jp list without the module" 3 -e "$NOFAMILY" -- -jp list
	check "show without the module" 3 -e "$NOFAMILY" -- show 7
	check "-j show without the module" 3 -e "$NOFAMILY" -- -j show 7
	check "monitor without the module" 3 -e "$NOFAMILY" \
		-- -j monitor --count 1
	check "monitor -t without the module" 3 -e "$NOFAMILY" \
		-- monitor -t --count 1
fi

# -V, and -j where a command has no JSON to print.
VERSION=$(cat "$(dirname "$0")/../../VERSION")
if [ ! -d /sys/module/hvpart ]; then
	check "-V: hvctl's version, module not loaded" 0 \
		-o "hvctl $VERSION" -o "module: not loaded" -- -V
	check "-j --version: JSON, module null" 0 \
		-o "{\"hvctl\":\"$VERSION\",\"module\":null}" -- -j --version
fi
check "-V with an argument" 2 -e "hvctl: --version: unexpected argument 'list'" \
	-- -V list
check "-j before delete is refused" 2 \
	-e "hvctl: delete: -j: delete prints no JSON (only create, get-property," \
	-- -j --device "$TMP/hvpart" delete 3
check "-j after init is refused" 2 -e "hvctl: init: -j: init prints no JSON" \
	-- init -j 3
check "-p after set-property is refused" 2 \
	-e "hvctl: set-property: -p: set-property prints no JSON" \
	-- set-property -p 3 processor-features0 0
check "-j help is refused" 2 -e "hvctl: help: -j: help prints no JSON" \
	-- -j help
check "-p without -j" 2 -e "hvctl: list: -p indents JSON: use it with -j" \
	-- list -p
check "list does not take --device" 2 \
	-e "hvctl: list: --device: list does not open the device" \
	-- list --device "$TMP/hvpart"
check "create -j without the device" 3 -e "hvpart module not loaded?" \
	-- --device "$TMP/hvpart" create -j
check "get-property -jp without the device" 3 -e "hvpart module not loaded?" \
	-- get-property -jp --device "$TMP/hvpart" 3 processor-vendor
check "cpuid --json without the device" 3 -e "hvpart module not loaded?" \
	-- --device "$TMP/hvpart" cpuid --json 3

# create's feature names: lib's table of the layout, bank by name.
check "create --disable-features by name" 3 -e "hvpart module not loaded?" \
	-- --device "$TMP/hvpart" create --disable-features sse4_2,avx
check "create --disable-xsave by name and bitN" 3 -e "hvpart module not loaded?" \
	-- --device "$TMP/hvpart" create --disable-xsave AVX,bit40
check "create --disable-features: ARM64 names with --layout arm64" 3 \
	-e "hvpart module not loaded?" \
	-- --device "$TMP/hvpart" create --disable-features sve,aes --layout arm64
check "create --disable-features with an unknown name" 2 \
	-e "hvctl: create: unknown feature 'sse5' in --disable-features for the amd64 layout" \
	-- --device "$TMP/hvpart" create --layout amd64 --disable-features sse4_2,sse5
check "create --disable-features: an x64 name on arm64" 2 \
	-e "unknown feature 'avx' in --disable-features for the arm64 layout (Documentation/hvpart.rst lists the ARM64 names)" \
	-- --device "$TMP/hvpart" create --layout arm64 --disable-features avx
check "create --disable-xsave with a bank 0 feature" 2 \
	-e "hvctl: create: 'sse4_2' is a PROCESSOR_FEATURES0 feature, not an XSAVE one: use --disable-features sse4_2" \
	-- --device "$TMP/hvpart" create --layout amd64 --disable-xsave sse4_2
check "create --disable-features mixing numbers and names" 2 \
	-e "hvctl: create: --disable-features '0x10,avx' mixes numbers and feature names" \
	-- --device "$TMP/hvpart" create --disable-features 0x10,avx
check "create --disable-features with three banks" 2 \
	-e "hvctl: create: bad feature banks '1,2,3' (want B0[,B1] or NAME[,NAME...])" \
	-- --device "$TMP/hvpart" create --disable-features 1,2,3
check "create --disable-xsave names on arm64" 2 -e "amd64-only" \
	-- --device "$TMP/hvpart" create --layout arm64 --disable-xsave avx

# decode -j: one JSON object, on one line.
amd64 0x2004 0 0 $V21H2 0 0 $((1 << 37)) 0 0 >"$TMP/in"
check "decode -j: exit 1 for an invalid page" 1 -- decode -j --layout amd64
if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
f = {x["field"]: x for x in d["fields"]}
assert d["layout"] == "amd64" and d["size"] == 56, d
assert f["flags"]["value"] == 0x2004, f["flags"]
assert f["flags"]["names"] == ["bit2", "LAPIC_ENABLED"], f["flags"]
assert f["disabled_processor_features[1]"]["names"] == ["bit37"]
assert f["compatibility_version"]["name"] == "21H2"
assert d["verdict"] == "HV_STATUS_INVALID_PARAMETER" and d["status"] == 5
assert d["cause"] == "flags bit 2 is undefined", d["cause"]
assert open(sys.argv[1]).read().count("\n") == 1' "$TMP/out" 2>"$TMP/py.err"; then
	echo "ok - decode -j: fields, names (bitN), verdict, one line"
	passed=$((passed + 1))
else
	echo "not ok - decode -j: fields, names (bitN), verdict, one line"
	sed 's/^/#   /' "$TMP/py.err" "$TMP/out"
	failed=$((failed + 1))
fi

# The output of create, get-property and cpuid, text and JSON, from an
# hvctl built with a stand-in device (fake_device.c): no module needed.
top=$(cd "$(dirname "$0")/../.." && pwd)
FAKE=/nonexistent/fake-hvpart
if [ "$(uname -m)" != x86_64 ] || [ ! -f /usr/include/libnl3/netlink/genl/genl.h ]; then
	echo "# not x86_64 or no libnl-genl-3 headers: the fake-device cases are skipped"
elif ! ${CC:-cc} -O2 -std=gnu11 -Wall -Wextra -Werror -U_FORTIFY_SOURCE \
	-I"$top/uapi" -I"$top/lib" -I"$top/tools/hvctl" -I"$top/tests/hvctl" \
	-I/usr/include/libnl3 \
	-DHVPART_VERSION='"test"' -Wl,--wrap=open -Wl,--wrap=ioctl \
	-o "$TMP/hvctl-fake" "$top"/tools/hvctl/*.c "$top"/lib/hvpart_*.c \
	"$top/tests/hvctl/fake_device.c" -lnl-genl-3 -lnl-3 2>"$TMP/cc.err"; then
	echo "not ok - hvctl builds with fake_device.c"
	sed 's/^/#   /' "$TMP/cc.err"
	failed=$((failed + 1))
else
	REAL_HVCTL=$HVCTL
	HVCTL=$TMP/hvctl-fake
	: >"$TMP/in"
	check "fake: create prints the id" 0 -o "7" -- --device "$FAKE" create
	check "fake: create -j" 0 -o '{"id":7}' -- --device "$FAKE" create -j
	check "fake: -jp create" 0 -o '{' -o '  "id": 7' -o '}' \
		-- -jp --device "$FAKE" create
	check "fake: get-property names the vendor" 0 \
		-o "0x0000000000000000  AMD" \
		-- --device "$FAKE" get-property 7 processor-vendor
	check "fake: get-property -j names the vendor" 0 \
		-o '{"id":7,"property":"PROCESSOR_VENDOR","code":393216,"value":0,"name":"AMD"}' \
		-- --device "$FAKE" get-property -j 7 processor-vendor
	check "fake: get-property names features, bitN without a name" 0 \
		-o "0x0000010000000001  xsave,bit40" \
		-- --device "$FAKE" get-property 7 processor-xsave-features
	check "fake: get-property -j: features, bitN without a name" 0 \
		-o '{"id":7,"property":"PROCESSOR_XSAVE_FEATURES","code":393218,"value":1099511627777,"features":["xsave","bit40"]}' \
		-- --device "$FAKE" -j get-property 7 processor-xsave-features
	check "fake: get-property --raw -j: no meaning" 0 \
		-o '{"id":7,"property":"PROCESSOR_FEATURES0","code":393226,"value":8}' \
		-- --device "$FAKE" get-property --raw -j 7 processor-features0
	check "fake: get-property -j of a code without a name" 0 \
		-o '{"id":7,"property":null,"code":74565,"value":1099511627777}' \
		-- --device "$FAKE" get-property -j 7 0x12345
	check "fake: cpuid, text" 0 -o "# bank0: PROCESSOR_FEATURES0" \
		-o "sse4_1: yes" -o "sse4_2: no" -o "x2apic: yes" \
		-o "xcr0: 0x0000000040000003  x87,sse,bit30" \
		-- --device "$FAKE" cpuid 7
	check "fake: cpuid --raw, text" 0 \
		-o "0x00000001 0x00: eax=0x00000000 ebx=0x00000000 ecx=0x00280000 edx=0x00000000" \
		-- --device "$FAKE" cpuid --raw 7
	check "fake: cpuid --raw -j" 0 \
		-o '{"id":7,"entries":[{"function":1,"index":0,"eax":0,"ebx":0,"ecx":2621440,"edx":0},{"function":13,"index":0,"eax":1073741827,"ebx":0,"ecx":0,"edx":0}]}' \
		-- --device "$FAKE" cpuid --raw -j 7
	check "fake: cpuid -j" 0 -- --device "$FAKE" cpuid -j 7
	if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert list(d) == ["id", "bank0", "bank1", "xsave", "creation_flags",
		   "xcr0", "xcr0_names"], list(d)
assert d["bank0"]["sse4_1"] is True and d["bank0"]["sse4_2"] is False
assert d["creation_flags"]["x2apic"] is True
assert d["xcr0"] == 0x40000003 and d["xcr0_names"] == ["x87", "sse", "bit30"]' \
		"$TMP/out" 2>"$TMP/py.err"; then
		echo "ok - fake: cpuid -j: the headings as objects, xcr0 names"
		passed=$((passed + 1))
	else
		echo "not ok - fake: cpuid -j: the headings as objects, xcr0 names"
		sed 's/^/#   /' "$TMP/py.err"
		failed=$((failed + 1))
	fi
	HVCTL=$REAL_HVCTL
fi

# What to do next, when /dev/hvpart refuses the user: a root-only node
# (no udev rule), or one of group kvm (the rule) the user is not in.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	cp "$HVCTL" "$TMP/hvctl-copy"
	chmod 755 "$TMP" "$TMP/hvctl-copy"
	: >"$TMP/node"
	chmod 600 "$TMP/node"
	as_nobody() {
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$TMP/hvctl-copy" "$@"
	}
	as_nobody --device "$TMP/node" delete 3 >/dev/null 2>"$TMP/err"
	if grep -qF "Permission denied ($TMP/node is root-only without the udev rule: install it (make install-tools) or run as root)" "$TMP/err"; then
		echo "ok - EACCES on a root-only node: the udev rule, or root"
		passed=$((passed + 1))
	else
		echo "not ok - EACCES on a root-only node: the udev rule, or root"
		sed 's/^/#   /' "$TMP/err"
		failed=$((failed + 1))
	fi
	if getent group kvm >/dev/null; then
		chgrp kvm "$TMP/node"
		chmod 660 "$TMP/node"
		as_nobody --device "$TMP/node" delete 3 >/dev/null 2>"$TMP/err"
		if grep -qF "(join group kvm: sudo usermod -aG kvm nobody, then log in again)" "$TMP/err"; then
			echo "ok - EACCES on a kvm node: join group kvm"
			passed=$((passed + 1))
		else
			echo "not ok - EACCES on a kvm node: join group kvm"
			sed 's/^/#   /' "$TMP/err"
			failed=$((failed + 1))
		fi
	else
		echo "# no group kvm here: the join-group-kvm hint is not checked"
	fi
fi

# The JSON printer on its own: escaping, compact and pretty output.
top=$(cd "$(dirname "$0")/../.." && pwd)
if ${CC:-cc} -std=gnu11 -Wall -Wextra -Werror -I"$top/tools/hvctl" \
	-I"$top/lib" -o "$TMP/print_test" "$top/tests/hvctl/print_test.c" \
	"$top/tools/hvctl/print.c" 2>"$TMP/cc.err"; then
	"$TMP/print_test" >"$TMP/print.out"
	cat "$TMP/print.out"
	passed=$((passed + $(grep -c '^ok - ' "$TMP/print.out")))
	failed=$((failed + $(grep -c '^not ok - ' "$TMP/print.out")))
else
	echo "not ok - print_test.c builds"
	sed 's/^/#   /' "$TMP/cc.err"
	failed=$((failed + 1))
fi

# The man page and the completion against hvctl's own help.
"$top/tests/hvctl/docs_test.sh" "$HVCTL" >"$TMP/docs.out" 2>&1
grep -v '^docs: ' "$TMP/docs.out"
passed=$((passed + $(grep -c '^ok - ' "$TMP/docs.out")))
failed=$((failed + $(grep -c '^not ok - ' "$TMP/docs.out")))
if ! grep -q '^docs: ' "$TMP/docs.out"; then
	echo "not ok - docs_test.sh ran to its end"
	failed=$((failed + 1))
fi

echo "hvctl: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
