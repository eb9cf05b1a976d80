#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the hvpart end-to-end guest (busybox sh).  tests/e2e/run.sh puts
# it in the initramfs as /init, next to /hvpart.ko, /bin/hvctl,
# /bin/hvpart_e2e and /e2e-mode ("test" or "demo").
#
# test: every check prints "ok - NAME" or "not ok - NAME (details)" on the
#	console; then "e2e-guest: N ok, M not ok" and HVPART-E2E-DONE.
# demo: shows insmod and a few hvctl commands between HVPART-DEMO-BEGIN
#	and HVPART-DEMO-END, then HVPART-E2E-DONE.
#
# The marker is printed once the script reached its end; run.sh fails the
# run on any "not ok", a missing marker, or a kernel splat on the console.
# No "set -e": PID 1 must never exit (the kernel would panic); it powers off.

export PATH=/bin
cd /

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp
mount -t tmpfs tmpfs /tmp
exec </dev/console >/dev/console 2>&1
# The firmware's last line has no newline: start on a fresh one.
echo

MODE=$(cat /e2e-mode 2>/dev/null)
SPLAT_RE='BUG:|WARNING:|UBSAN:|Oops|Kernel panic|suspected memory leak|general protection'
PASS=0
FAIL=0

ok() {
	PASS=$((PASS + 1))
	echo "ok - $*"
}

notok() {
	FAIL=$((FAIL + 1))
	echo "not ok - $*"
}

# check NAME CMD...: one check from a command's exit status.
check() {
	_name=$1
	shift
	if "$@"; then ok "$_name"; else notok "$_name"; fi
}

# run CMD...: run a command, leaving RC, OUT and ERR (stdout and stderr,
# newlines folded to spaces) for the checks.
run() {
	"$@" >/tmp/run.out 2>/tmp/run.err
	RC=$?
	OUT=$(tr '\n' ' ' </tmp/run.out | sed 's/ $//')
	ERR=$(tr '\n' ' ' </tmp/run.err | sed 's/ $//')
}

got() {
	echo "(got exit $RC, stdout '$OUT', stderr '$ERR')"
}

# expect_run NAME RC STDOUT [STDERR-SUBSTRING] -- CMD...: the last run's
# exit status and exact stdout ("*" for any), and a stderr substring.
expect_run() {
	_name=$1 _rc=$2 _out=$3
	shift 3
	_err=
	if [ "$1" != -- ]; then
		_err=$1
		shift
	fi
	shift
	run "$@"
	if [ "$RC" = "$_rc" ] &&
	   { [ "$_out" = "*" ] || [ "$OUT" = "$_out" ]; } &&
	   { [ -z "$_err" ] || grep -qF -- "$_err" /tmp/run.err; }; then
		ok "$_name"
	else
		notok "$_name $(got)"
	fi
}

wait_node() {
	_i=0
	while [ ! -c /dev/hvpart ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -c /dev/hvpart ]
}

wait_no_node() {
	_i=0
	while [ -e /dev/hvpart ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ ! -e /dev/hvpart ]
}

# load TAG [PARAM=VALUE...]: insmod and wait for the device node.
load() {
	_tag=$1
	shift
	run insmod /hvpart.ko "$@"
	if [ "$RC" != 0 ]; then
		notok "$_tag: insmod hvpart.ko $* $(got)"
		return 1
	fi
	ok "$_tag: insmod hvpart.ko $*"
	check "$_tag: /dev/hvpart appears" wait_node
}

# unload TAG: rmmod must succeed, also with partitions left over.
unload() {
	run rmmod hvpart
	if [ "$RC" != 0 ]; then
		notok "$1: rmmod hvpart $(got)"
		return 1
	fi
	ok "$1: rmmod hvpart"
	check "$1: /dev/hvpart is gone after rmmod" wait_no_node
}

node_checks() {
	_mode=$(stat -c '%A %u:%g' /dev/hvpart 2>&1)
	if [ "$_mode" = "crw------- 0:0" ]; then
		ok "/dev/hvpart is a char device, mode 0600, owned by root"
	else
		notok "/dev/hvpart is a char device, mode 0600, owned by root (got '$_mode')"
	fi
}

run_e2e_program() {
	{ /bin/hvpart_e2e 2>&1; echo $? >/tmp/e2e.rc; } | tee /tmp/e2e.out
	_p=$(grep -c '^ok - ' /tmp/e2e.out)
	_f=$(grep -c '^not ok - ' /tmp/e2e.out)
	PASS=$((PASS + _p))
	FAIL=$((FAIL + _f))
	_rc=$(cat /tmp/e2e.rc)
	if [ "$_rc" = 0 ]; then
		ok "hvpart_e2e exits 0"
	else
		notok "hvpart_e2e exits 0 (got exit $_rc)"
	fi
	if grep -qx "hvpart_e2e: $_p passed, $_f failed" /tmp/e2e.out; then
		ok "hvpart_e2e summary matches its lines ($_p passed, $_f failed)"
	else
		notok "hvpart_e2e summary matches its lines ($_p ok and $_f not ok lines, summary: '$(grep '^hvpart_e2e: ' /tmp/e2e.out)')"
	fi
}

hvctl_checks() {
	expect_run "hvctl create prints 1" 0 1 -- hvctl create
	expect_run "hvctl create prints 2" 0 2 -- hvctl create
	expect_run "hvctl delete 1 exits 0" 0 "*" -- hvctl delete 1
	expect_run "hvctl delete 1 again exits 1 with HV_STATUS_INVALID_PARTITION_ID" \
		1 "*" HV_STATUS_INVALID_PARTITION_ID -- hvctl delete 1
	expect_run "hvctl create --flags 0x4 exits 1: flags bit 2 is undefined" \
		1 "*" "HV_STATUS_INVALID_PARAMETER (0x5): flags bit 2 is undefined" \
		-- hvctl create --flags 0x4
	expect_run "hvctl create prints 3 (a failed create consumes no id)" \
		0 3 -- hvctl create
	expect_run "hvctl create --flags lapic-enabled,x2apic-capable prints 4" \
		0 4 -- hvctl create --flags lapic-enabled,x2apic-capable
	expect_run "hvctl delete 4 exits 0" 0 "*" -- hvctl delete 4
	expect_run "hvctl create prints 5 (ids are never reused)" 0 5 -- hvctl create
	expect_run "hvctl delete 1000000 exits 1 with HV_STATUS_INVALID_PARTITION_ID" \
		1 "*" HV_STATUS_INVALID_PARTITION_ID -- hvctl delete 1000000
	expect_run "hvctl with an unknown command exits 2" 2 "*" -- hvctl frobnicate
	expect_run "hvctl delete without an id exits 2" 2 "*" -- hvctl delete
	expect_run "hvctl delete with a non-numeric id exits 2" 2 "*" -- hvctl delete x1
}

test_mode() {
	# 1. The test program, first thing after a fresh load: ids from 1.
	if load "load 1"; then
		node_checks
		run_e2e_program
		unload "unload 1"
	fi

	expect_run "hvctl create without /dev/hvpart exits 3" 3 "*" -- hvctl create

	# 2. hvctl against a fresh load; rmmod with partitions left over.
	if load "load 2"; then
		hvctl_checks
		unload "unload 2 (partitions 2, 3 and 5 left)"
	fi

	# 3. The module loads again after rmmod and starts over at id 1;
	#    max_partitions caps the live partitions with NO_RESOURCES.
	if load "load 3" max_partitions=2; then
		expect_run "hvctl create prints 1 after reload" 0 1 -- hvctl create
		expect_run "hvctl create prints 2 (max_partitions=2)" 0 2 -- hvctl create
		expect_run "third create at max_partitions=2 exits 1 with HV_STATUS_NO_RESOURCES" \
			1 "*" "HV_STATUS_NO_RESOURCES (0x1d)" -- hvctl create
		expect_run "hvctl delete 1 under the limit exits 0" 0 "*" -- hvctl delete 1
		expect_run "create after a delete prints 3 (refusal consumed no id)" \
			0 3 -- hvctl create
		unload "unload 3"
	fi

	# The console shows only what passes its loglevel: read the whole log.
	dmesg >/tmp/dmesg.txt
	if grep -qE "$SPLAT_RE" /tmp/dmesg.txt; then
		notok "kernel log (dmesg) has no splat"
		grep -E "$SPLAT_RE" /tmp/dmesg.txt | head -n 20 | sed 's/^/dmesg splat: /'
	else
		ok "kernel log (dmesg) has no splat"
	fi
	echo "--- dmesg lines of hvpart (last 40) ---"
	grep -i hvpart /tmp/dmesg.txt | tail -n 40 | sed 's/^/dmesg: /'
	echo "e2e-guest: $PASS ok, $FAIL not ok"
}

# show CMD...: print the command like a shell prompt, then its output.
show() {
	echo "# $*"
	"$@" 2>&1
	_rc=$?
	[ $_rc = 0 ] || echo "(exit status $_rc)"
	echo
}

demo_mode() {
	echo HVPART-DEMO-BEGIN
	show insmod hvpart.ko
	wait_node
	show ls -l /dev/hvpart
	show hvctl create
	show hvctl create
	show hvctl create
	show hvctl create --flags lapic-enabled,x2apic-capable
	show hvctl create --flags 0x4
	show hvctl delete 2
	show rmmod hvpart
	echo HVPART-DEMO-END
}

case $MODE in
demo) demo_mode ;;
test) test_mode ;;
*) notok "unknown mode '$MODE' in /e2e-mode" ;;
esac

echo HVPART-E2E-DONE
sync
poweroff -f
# Not reached unless poweroff failed; PID 1 must not exit.
while :; do sleep 1; done
