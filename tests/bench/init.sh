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
# With perf in the initramfs (tests/bench/run.sh --perf puts /usr/bin/perf,
# its libraries and /bench-profile there) it profiles instead: one
# "perf record -a -g -e cpu-clock" per workload of "hvpart_bench loop",
# with every CPU online, then "perf report --stdio" of each between
# PROFILE-BEGIN NAME and PROFILE-END.
#
# With hvpart_bench=gate on the kernel command line (tests/bench/gate.sh)
# it runs only "hvpart_bench gate", the regression gate's few figures.
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

CS=/sys/devices/system/clocksource/clocksource0
echo "bench-guest: cpus $(cat /sys/devices/system/cpu/online)," \
     "$(grep -m 1 MemTotal /proc/meminfo | tr -s ' ')," \
     "kernel $(uname -r), clocksource $(cat $CS/current_clocksource)" \
     "(available: $(cat $CS/available_clocksource))"
BENCH_MAX=1000000

# TCG has no PMU: cpu-clock is the hrtimer-driven software event.
PERF_FREQ=2000

# profile NAME COMM COMMAND...: record COMMAND with every CPU, then report
# where the CPU time went by task, and for the task COMM by symbol, self
# and inclusive (children), as shares of COMM's own samples, and the call
# chains into COMM's hottest symbols.
profile() {
	_name=$1
	_comm=$2
	shift 2
	if ! perf record -q -e cpu-clock -F $PERF_FREQ -a -g \
		-o "/tmp/$_name.data" -- "$@" >"/tmp/$_name.out" 2>&1; then
		notok "perf record $_name: $*"
		sed 's/^/# /' "/tmp/$_name.out"
		return
	fi
	ok "perf record $_name: $*"
	_rep="perf report -i /tmp/$_name.data --kallsyms=/proc/kallsyms --stdio -q"
	echo "PROFILE-BEGIN $_name"
	echo "command: $*"
	cat "/tmp/$_name.out"
	echo "== samples by task (share of all samples, all CPUs, idle included)"
	$_rep --no-children -g none --sort comm 2>/dev/null | head -n 12
	echo "== $_comm: self, by symbol (share of $_comm's samples)"
	$_rep --comms "$_comm" --percentage relative --no-children -g none \
		--sort dso,sym 2>/dev/null | head -n 45
	echo "== $_comm: inclusive (children), by symbol"
	$_rep --comms "$_comm" --percentage relative --children -g none \
		--sort sym 2>/dev/null | head -n 45
	echo "== $_comm: callers of the symbols with 5 % or more self"
	$_rep --comms "$_comm" --percentage relative --no-children \
		--percent-limit 5 -g graph,2,callee,function,percent \
		--sort sym 2>/dev/null | grep -v '^$' | head -n 120
	echo "PROFILE-END"
	rm -f "/tmp/$_name.data"
}

profile_phase() {
	echo 0 >/proc/sys/kernel/kptr_restrict
	echo -1 >/proc/sys/kernel/perf_event_paranoid
	export HOME=/tmp PATH=/bin:/usr/bin
	profile null hvpart_bench hvpart_bench loop null 2000000
	profile create-delete hvpart_bench hvpart_bench loop cd 200000
	profile get-property hvpart_bench hvpart_bench loop get 1000000
	profile create-100k hvpart_bench hvpart_bench loop fill 100000
	profile dump-raw hvpart_bench hvpart_bench loop dump 10
	profile dump-raw-4k hvpart_bench hvpart_bench loop dump4k 10
	profile dump-hvctl hvctl sh -c "hvctl -j list >/dev/null"
	profile get-property-100k hvpart_bench hvpart_bench loop get 1000000
	profile delete-100k hvpart_bench hvpart_bench loop empty 0
	# The lookup again at 1M live, as the scaling table's last level.
	hvpart_bench loop fill 1000000
	profile get-property-1m hvpart_bench hvpart_bench loop get 1000000
	hvpart_bench loop empty 0
}

if ! insmod /hvpart.ko || ! wait_dev /dev/hvpart; then
	notok "insmod hvpart.ko"
elif grep -qw hvpart_bench=gate /proc/cmdline; then
	ok "insmod hvpart.ko (gate)"
	bench gate
elif [ -f /bench-profile ]; then
	ok "insmod hvpart.ko (profiling)"
	profile_phase
else
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
fi

echo "e2e-guest: $PASS ok, $FAIL not ok"
echo HVPART-E2E-DONE
sync
poweroff -f
# Not reached unless poweroff failed; PID 1 must not exit.
while :; do sleep 1; done
