#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the `make bench` guest (busybox sh), put in the initramfs by
# tests/e2e/run.sh --init.  Loads hvpart, runs "hvpart_bench core" with
# every CPU online, then takes CPUs 1.. offline, loads the KVM modules
# (as tests/e2e/init.sh does: KVM under TCG wants one online CPU) and runs
# "hvpart_bench kvm".  The benchmark's own output goes to the console;
# tests/bench/run.sh picks its tables and JSON from the console log.
#
# For run.sh's test mode: one "ok - "/"not ok - " line per step, then
# "e2e-guest: N ok, M not ok" and HVPART-E2E-DONE.  No "set -e": PID 1
# must never exit; it powers off.

export PATH=/bin
cd /

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /tmp
mount -t tmpfs tmpfs /tmp
exec </dev/console >/dev/console 2>&1
echo

PASS=0
FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok - $*"; }
notok() { FAIL=$((FAIL + 1)); echo "not ok - $*"; }

wait_dev() {
	_i=0
	while [ ! -c "$1" ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -c "$1" ]
}

single_cpu() {
	for _c in /sys/devices/system/cpu/cpu[1-9]*/online; do
		[ -e "$_c" ] || continue
		echo 0 >"$_c" || return 1
	done
	[ "$(cat /sys/devices/system/cpu/online)" = 0 ]
}

bench() {
	if /bin/hvpart_bench "$@"; then
		ok "hvpart_bench $*"
	else
		notok "hvpart_bench $* (exit $?)"
	fi
}

echo "bench-guest: cpus $(cat /sys/devices/system/cpu/online)," \
     "$(grep -m 1 MemTotal /proc/meminfo | tr -s ' ')," \
     "kernel $(uname -r)"
BENCH_MAX=1000000

if insmod /hvpart.ko && wait_dev /dev/hvpart; then
	ok "insmod hvpart.ko"
	bench core --max "$BENCH_MAX"
	if single_cpu; then
		ok "only CPU 0 online for KVM"
		_kvm=1
		while read -r _m; do
			insmod "/kvm/$_m.ko" || _kvm=
		done </kvm/order
		if [ -n "$_kvm" ] && wait_dev /dev/kvm; then
			ok "KVM modules loaded"
		else
			echo "# KVM modules did not load: the kvm phase reports a skip"
		fi
		bench kvm
	else
		notok "only CPU 0 online for KVM"
	fi
else
	notok "insmod hvpart.ko"
fi

echo "e2e-guest: $PASS ok, $FAIL not ok"
echo HVPART-E2E-DONE
sync
poweroff -f
# Not reached unless poweroff failed; PID 1 must not exit.
while :; do sleep 1; done
