#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the hvpart end-to-end guest (busybox sh).  tests/e2e/run.sh puts
# it in the initramfs as /init, next to /hvpart.ko, /bin/hvctl, the test
# programs /bin/hvpart_e2e, /bin/hvpart_lifecycle, /bin/hvpart_vmm, the VMM
# example of tools/examples in /examples, the KVM modules in /kvm (load
# order in /kvm/order), fuse.ko in /fs (/fs/order) where the kernel has
# FUSE as a module, /e2e-mode ("test" or "demo") and /e2e-arch ("x86_64"
# or "arm64").
#
# arm64 runs the same phases where they are not x86's own: hvpart_e2e
# (native layout ARM64), hvctl, max_partitions, then KVM (built in):
# hvpart_vmm_arm64, the netlink suite, hvctl's lifecycle with the arm64
# CPU-feature view, rmmod with initialized partitions, the fake /dev/kvm
# of hvpart_nsattack, and nested virtualization refused (KVM arm64 6.1 has
# none).
#
# Test order: hvpart without KVM (hvpart_e2e, the no-KVM lifecycle phase,
# hvctl, the ioctl fuzzer and the concurrency phase hvpart_stress on
# x86_64, with every CPU online), then KVM modules in, debugfs mounted,
# and the KVM-backed suites (hvpart_vmm, hvpart_lifecycle, hvpart_stress
# -p kvm, hvpart_nsattack), the phase that closes /dev/hvpart and runs
# rmmod with Initialized partitions, and last kvm-amd reloaded with
# nested=0.
#
# A VMM makes its own VM and passes it to initialize; the partition holds
# it while the /dev/hvpart file that initialized it is open.  So
# `hvctl init N`, which exits at once, leaves N Initialized without a VM.
#
# test: every check prints "ok - NAME" or "not ok - NAME (details)" on the
#	console; then "e2e-guest: N ok, M not ok" and HVPART-E2E-DONE.
# demo: shows insmod and a few hvctl commands, then KVM loaded and the x86
#	VMM example run, between HVPART-DEMO-BEGIN and HVPART-DEMO-END,
#	then HVPART-E2E-DONE.
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
ARCH=$(cat /e2e-arch 2>/dev/null || echo x86_64)
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

# check NAME CMD...: one check from a command's exit status, which it
# returns.
check() {
	_name=$1
	shift
	if "$@"; then
		ok "$_name"
	else
		notok "$_name"
		return 1
	fi
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

# run_program PROG [ARGS...]: one of the test programs; its check lines
# count here, plus two of our own: exit status 0, and a summary line
# "PROG: N passed, M failed" that matches its lines.
run_program() {
	_prog=$1
	_what="$*"
	shift
	{ "/bin/$_prog" "$@" 2>&1; echo $? >/tmp/prog.rc; } | tee /tmp/prog.out
	_p=$(grep -c '^ok - ' /tmp/prog.out)
	_f=$(grep -c '^not ok - ' /tmp/prog.out)
	PASS=$((PASS + _p))
	FAIL=$((FAIL + _f))
	_rc=$(cat /tmp/prog.rc)
	if [ "$_rc" = 0 ]; then
		ok "$_what exits 0"
	else
		notok "$_what exits 0 (got exit $_rc)"
	fi
	if grep -qx "$_prog: $_p passed, $_f failed" /tmp/prog.out; then
		ok "$_what summary matches its lines ($_p passed, $_f failed)"
	else
		notok "$_what summary matches its lines ($_p ok and $_f not ok lines, summary: '$(grep "^$_prog: " /tmp/prog.out)')"
	fi
}

# ---- KVM in the guest ---------------------------------------------------

DEBUGFS=/sys/kernel/debug
KVM_DEBUGFS=$DEBUGFS/kvm

wait_kvm() {
	_i=0
	while [ ! -c /dev/kvm ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -c /dev/kvm ]
}

# The CPU features the partition tests hide must exist, or hiding them
# proves nothing: fail loudly when QEMU did not give them.
cpu_checks() {
	_flags=$(grep -m 1 '^flags' /proc/cpuinfo)
	echo "guest cpu: $(grep -m 1 '^vendor_id' /proc/cpuinfo | tr -s '\t' ' ')," \
	     "$(grep -m 1 '^model name' /proc/cpuinfo | tr -s '\t' ' ')"
	echo "guest cpu $(echo "$_flags" | tr -s '\t' ' ')"
	for _f in svm npt sse3 ssse3 sse4_1 sse4_2 popcnt cx16 xsave xsaveopt avx avx2 fma; do
		[ "$_f" = sse3 ] && _f=pni	# /proc/cpuinfo's name for SSE3
		case " ${_flags#*:} " in
		*" $_f "*) ok "guest CPU has $_f (/proc/cpuinfo)" ;;
		*) notok "guest CPU has $_f (/proc/cpuinfo flags: ${_flags#*:})" ;;
		esac
	done
}

# KVM under TCG: kvm-amd enables and disables SVM on every CPU (an IPI to
# each) when the first VM is created and the last one destroyed.  With two
# vCPUs that hangs the guest now and then (both CPUs spinning in idle, RCU
# stalls; a plain KVM_CREATE_VM/close loop without hvpart does it within
# 50 rounds), with one CPU online never (1500 rounds).  The concurrency
# cases before this point had every CPU; the KVM suites run on CPU 0.
single_cpu() {
	for _c in /sys/devices/system/cpu/cpu[1-9]*/online; do
		[ -e "$_c" ] || continue
		echo 0 >"$_c" || return 1
	done
	[ "$(cat /sys/devices/system/cpu/online)" = 0 ]
}

# kvm_setup: load the KVM modules in /kvm/order, wait for /dev/kvm, mount
# debugfs.
kvm_setup() {
	check "only CPU 0 online for KVM under TCG (see single_cpu)" single_cpu
	if [ ! -s /kvm/order ]; then
		notok "the initramfs carries KVM modules (/kvm/order)"
		return 1
	fi
	while read -r _m; do
		run insmod "/kvm/$_m.ko"
		if [ "$RC" != 0 ]; then
			notok "insmod $_m.ko $(got)"
			return 1
		fi
		ok "insmod $_m.ko"
	done </kvm/order
	check "/dev/kvm appears" wait_kvm || return 1
	if [ ! -d $KVM_DEBUGFS ]; then
		mkdir -p $DEBUGFS
		mount -t debugfs debugfs $DEBUGFS
	fi
	check "KVM's debugfs folder $KVM_DEBUGFS exists" [ -d $KVM_DEBUGFS ]
	echo "kvm_amd nested=$(cat /sys/module/kvm_amd/parameters/nested 2>&1)"
}

# KVM's per-VM debugfs folders, named "<pid>-<fd>".
vm_dirs() {
	_n=0
	for _d in "$KVM_DEBUGFS"/*-*; do
		case ${_d##*/} in
		*[!0-9-]* | -* | *- | *-*-*) ;;
		*) [ -d "$_d" ] && _n=$((_n + 1)) ;;
		esac
	done
	echo $_n
}

# fuse_setup: FUSE for hvpart_nsattack.  Debian's kernels have it as a
# module (run.sh put it in /fs, load order in /fs/order), the debug kernel
# built in.  Without udev /dev/fuse is 0600; hvpart_nsattack opens it up.
fuse_ready() {
	grep -qw fuse /proc/filesystems || return 1
	_i=0
	while [ ! -c /dev/fuse ] && [ $_i -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	[ -c /dev/fuse ]
}

fuse_setup() {
	if ! grep -qw fuse /proc/filesystems && [ -f /fs/order ]; then
		while read -r _m; do
			[ -n "$_m" ] || continue
			run insmod "/fs/$_m.ko"
			if [ "$RC" != 0 ]; then
				notok "insmod $_m.ko $(got)"
				return 1
			fi
			ok "insmod $_m.ko"
		done </fs/order
	fi
	check "FUSE is in the kernel (/proc/filesystems) and /dev/fuse exists" \
		fuse_ready
}

# 4e. An unprivileged user in their own user and mount namespaces binds a
#     FUSE file over /dev/kvm whose KVM_CREATE_VM answers the number of a
#     dnotify-armed dir fd or of a POSIX-locked file fd: hvpart must never
#     open that /dev/kvm, nor close or free an fd of the caller's.  Without
#     FUSE the program runs anyway, and fails.
nsattack_phase() {
	fuse_setup
	if load "load 4e"; then
		run_program hvpart_nsattack
		unload "unload 4e"
	fi
}

# 4f. Per-user bounds (max_partitions_per_user, max_initialized_per_user)
#     for a uid 1000 VMM, which is then SIGKILLed: its VMs and their kernel
#     threads go, its partitions stay (Initialized without a VM, or
#     Created), and the counts come back.  The program sets and restores
#     the params itself.  $1: the KVM VM count before the KVM suites.
limits_phase() {
	if load "load 4f"; then
		run_program hvpart_limits
		unload "unload 4f"
		_now=$(vm_dirs_settle "$1")
		check "leak check: KVM debugfs VM folders back to $1 after hvpart_limits (now $_now)" \
			[ "$_now" = "$1" ]
	fi
}

# The VMM example of tools/examples (README "Writing a VMM") on a fresh
# load: it runs its guest to the end, prints the feature its partition
# hides as off (and, as a control, one left on), and leaves no partition
# and no VM behind.  $1: the KVM VM count before the KVM suites.
example_phase() {
	if [ "$ARCH" = arm64 ]; then
		_ex=hvpart_vmm_arm64 _hidden=sve _control="which KVM offers"
		_saw='guest saw ID_AA64PFR0_EL1 = 0x[0-9a-f]\{16\}: sve = off (KVM offers sve: yes)'
	else
		_ex=hvpart_vmm_x86 _hidden=sse4_2 _control="sse4_1 on"
		_saw='guest saw CPUID.1:ECX = 0x[0-9a-f]\{8\}: sse4_2 = off, sse4_1 = on'
	fi
	load "load 4g" || return 1
	run "/examples/$_ex"
	sed "s|^|$_ex: |" /tmp/run.out /tmp/run.err
	if [ "$RC" = 0 ] && [ ! -s /tmp/run.err ] &&
	   grep -qx "created partition 1 with $_hidden disabled" /tmp/run.out &&
	   grep -qx "partition 1 finalized and deleted" /tmp/run.out; then
		ok "example $_ex exits 0: created, ran, finalized and deleted partition 1"
	else
		notok "example $_ex exits 0: created, ran, finalized and deleted partition 1 $(got)"
	fi
	check "example $_ex: its guest saw $_hidden off ($_control), as its partition hides it" \
		grep -qx "$_saw" /tmp/run.out
	if [ "$ARCH" = arm64 ]; then
		check "example $_ex: its guest stopped with PSCI SYSTEM_OFF" \
			grep -qx "guest stopped with PSCI SYSTEM_OFF" /tmp/run.out
	fi
	expect_run "example $_ex left no partition (hvctl show 1: no such partition)" \
		1 "*" "no such partition" -- hvctl show 1
	_now=$(vm_dirs_settle "$1")
	check "example $_ex left no VM (KVM debugfs back to $1, now $_now)" \
		[ "$_now" = "$1" ]
	unload "unload 4g (after the example)"
}

kvm_tests() {
	_base=$(vm_dirs)
	check "no KVM VM exists before the KVM suites (baseline $_base)" [ "$_base" = 0 ]

	# 4. A VMM runs guest code on partitions with features hidden; then
	#    the lifecycle table on KVM.  Nothing may leak.
	if load "load 4"; then
		run_program hvpart_vmm
		run_program hvpart_lifecycle
		# A client ported from mshv, with KVM's answers to read.
		run_program hvpart_mshv_port
		# Fault injection: the debug kernel has it, Debian's not.
		if [ -e /proc/self/fail-nth ]; then
			run_program hvpart_faults
		else
			echo "note: no /proc/self/fail-nth: hvpart_faults runs on the debug kernel only"
		fi
		_now=$(vm_dirs)
		check "leak check: KVM debugfs VM folders back to $_base after the KVM suites (now $_now)" \
			[ "$_now" = "$_base" ]
		unload "unload 4 (after the KVM suites)"
	fi

	# 4g. The x86 VMM example of tools/examples.
	example_phase "$_base"

	# 4b. The netlink family through hvctl: list, show, monitor and JSON
	#     field by field, an unprivileged lister, 100,000 partitions.
	if load "load 4b"; then
		run_program hvpart_netlink
		unload "unload 4b"
	fi

	# 4c. hvctl's lifecycle commands on a fresh load (ids from 1).
	if load "load 4c"; then
		hvctl_lifecycle_checks "$_base"
		unload "unload 4c"
	fi

	# 4d. hvpart_stress's KVM churn: initializes that make real VMs,
	#     racing initializes of one partition, no VM left (CPU 0 only).
	if load "load 4d"; then
		run_program hvpart_stress -p kvm
		unload "unload 4d"
	fi

	# 4e. A fake /dev/kvm in the caller's mount namespace (FUSE).
	nsattack_phase

	# 4f. Per-user bounds, and a SIGKILLed uid 1000 VMM (x86_64).
	limits_phase "$_base"

	# 5. Closing /dev/hvpart releases the partitions' VMs; then rmmod with
	#    Initialized partitions.  The program runs rmmod itself.
	if load "load 5"; then
		run_program hvpart_lifecycle -p rmmod
		check "hvpart is not loaded after the rmmod phase" \
			sh -c '! grep -q "^hvpart " /proc/modules'
		_now=$(vm_dirs)
		check "leak check: no KVM VM left after rmmod and the VMM's close (now $_now)" \
			[ "$_now" = "$_base" ]
	fi

	# 6. kvm-amd without nested virtualization.
	run rmmod kvm_amd
	if [ "$RC" = 0 ]; then
		ok "rmmod kvm_amd (no VM left holds it)"
		run insmod /kvm/kvm-amd.ko nested=0
		check "insmod kvm-amd.ko nested=0" [ "$RC" = 0 ]
		if wait_kvm && load "load 6"; then
			run_program hvpart_lifecycle -p nonested
			unload "unload 6"
		fi
	else
		notok "rmmod kvm_amd (no VM left holds it) $(got)"
	fi
}

# ---- arm64 ---------------------------------------------------------------

# The features the arm64 partitions hide must exist, and KVM must run at
# EL2 (VHE), or the suite proves nothing.
arm64_cpu_checks() {
	_feat=$(grep -m 1 '^Features' /proc/cpuinfo)
	echo "guest cpu $(echo "$_feat" | tr -s '\t' ' ')"
	for _f in sve paca pacg fp asimd; do
		case " ${_feat#*:} " in
		*" $_f "*) ok "guest CPU has $_f (/proc/cpuinfo)" ;;
		*) notok "guest CPU has $_f (/proc/cpuinfo Features: ${_feat#*:})" ;;
		esac
	done
	check "KVM initialized in VHE mode (dmesg)" \
		sh -c 'dmesg | grep -q "VHE mode initialized successfully"'
}

arm64_kvm_setup() {
	check "/dev/kvm exists (KVM built in)" wait_kvm || return 1
	if [ ! -d $KVM_DEBUGFS ]; then
		mkdir -p $DEBUGFS
		mount -t debugfs debugfs $DEBUGFS
	fi
	check "KVM's debugfs folder $KVM_DEBUGFS exists" [ -d $KVM_DEBUGFS ]
}

# arm64_init_checks BASE: hvctl init made a VM and bound it, and the
# binding ended when hvctl exited: both partitions Initialized, without a
# VM, and no VM left beyond BASE.
arm64_init_checks() {
	check "hvctl -j show 1 and 2 after hvctl exited: initialized, vm_attached false" \
		sh -c 'hvctl -j show 1 | grep -q "\"state\":\"initialized\".*\"vm_attached\":false" &&
			hvctl -j show 2 | grep -q "\"state\":\"initialized\".*\"vm_attached\":false"'
	_now=$(vm_dirs_settle "$1")
	check "hvctl init's VMs went with hvctl (KVM debugfs back to $1, now $_now)" \
		[ "$_now" = "$1" ]
}

# arm64_hvctl_lifecycle_checks BASE: BASE is the KVM VM count before.
arm64_hvctl_lifecycle_checks() {
	# sve is bank 1 bit 37, gpa bank 0 bit 44.
	expect_run "hvctl create --disable-features 0x100000000000,0x2000000000 prints 1" \
		0 1 -- hvctl create --disable-features 0x100000000000,0x2000000000
	expect_run "hvctl create --flags enable-perfmon-pmu prints 2" \
		0 2 -- hvctl create --flags enable-perfmon-pmu
	expect_run "hvctl cpuid 1 before init exits 1 with HV_STATUS_INVALID_PARTITION_STATE" \
		1 "*" HV_STATUS_INVALID_PARTITION_STATE -- hvctl cpuid 1
	expect_run "hvctl init 1 exits 0" 0 "*" -- hvctl init 1
	expect_run "hvctl init 2 exits 0" 0 "*" -- hvctl init 2
	arm64_init_checks "$1"
	check "hvctl cpuid 1 shows sve, pointer auth and the PMU withheld, PSCI 0.2 given" \
		sh -c 'hvctl cpuid 1 >/tmp/cpuid.out &&
			grep -qx "sve: no" /tmp/cpuid.out &&
			grep -qx "ptrauth_address: no" /tmp/cpuid.out &&
			grep -qx "ptrauth_generic: no" /tmp/cpuid.out &&
			grep -qx "pmu_v3: no" /tmp/cpuid.out &&
			grep -qx "psci_0_2: yes" /tmp/cpuid.out'
	check "hvctl cpuid 2 shows sve, pointer auth and the PMU given" \
		sh -c 'hvctl cpuid 2 >/tmp/cpuid.out &&
			grep -qx "sve: yes" /tmp/cpuid.out &&
			grep -qx "ptrauth_address: yes" /tmp/cpuid.out &&
			grep -qx "ptrauth_generic: yes" /tmp/cpuid.out &&
			grep -qx "pmu_v3: yes" /tmp/cpuid.out'
	check "hvctl get-property 2 processor-features1 names ARM64 features (sve)" \
		sh -c 'hvctl get-property 2 processor-features1 | grep -q "sve"'
	expect_run "hvctl finalize 1 exits 0" 0 "*" -- hvctl finalize 1
	expect_run "hvctl delete 1 after finalize exits 0" 0 "*" -- hvctl delete 1
	expect_run "hvctl create --flags nested-virtualization-capable exits 1: KVM arm64 has no nested" \
		1 "*" HV_STATUS_PROCESSOR_FEATURE_NOT_SUPPORTED -- hvctl create --flags nested-virtualization-capable
}

arm64_kvm_tests() {
	_base=$(vm_dirs)
	check "no KVM VM exists before the KVM suites (baseline $_base)" [ "$_base" = 0 ]

	# 4. An arm64 VMM runs guest code on partitions with features hidden.
	if load "load 4"; then
		run_program hvpart_vmm_arm64
		# A client ported from mshv, as on x86.
		run_program hvpart_mshv_port
		_now=$(vm_dirs)
		check "leak check: KVM debugfs VM folders back to $_base after the VMM (now $_now)" \
			[ "$_now" = "$_base" ]
		unload "unload 4 (after the VMM)"
	fi

	# 4g. The arm64 VMM example of tools/examples.
	example_phase "$_base"

	# 4b. The netlink family through hvctl.
	if load "load 4b"; then
		run_program hvpart_netlink
		unload "unload 4b"
	fi

	# 4c. hvctl's lifecycle commands and the arm64 CPU-feature view.
	if load "load 4c"; then
		arm64_hvctl_lifecycle_checks "$_base"
		unload "unload 4c (partition 2 initialized, its VM gone with hvctl)"
		_now=$(vm_dirs)
		check "leak check: no KVM VM left after rmmod with partition 2 initialized (now $_now)" \
			[ "$_now" = "$_base" ]
	fi

	# 4e. A fake /dev/kvm in the caller's mount namespace (FUSE).
	nsattack_phase
}

# ---- the debug kernel (tests/e2e/run.sh --kernel, --kunit-ko) -----------

KMEMLEAK=$DEBUGFS/kmemleak

mount_debugfs() {
	mkdir -p $DEBUGFS
	grep -q " $DEBUGFS debugfs " /proc/mounts ||
		mount -t debugfs debugfs $DEBUGFS
}

# hvpart.ko built with its KUnit suites runs them when it loads (after
# KVM: the hvpart_kvm suite uses it); every case becomes a check line here,
# read from KUnit's debugfs results, and a skipped case fails.
kunit_phase() {
	mount_debugfs
	run insmod /kunit.ko
	check "kunit: insmod kunit.ko" [ "$RC" = 0 ] || return 1
	run insmod /hvpart-kunit.ko
	check "kunit: insmod hvpart.ko with its KUnit suites (they run at load)" \
		[ "$RC" = 0 ] || return 1
	_cases=0
	for _r in $DEBUGFS/kunit/hvpart*/results; do
		[ -f "$_r" ] || continue
		_suite=$(basename "$(dirname "$_r")")
		# Test cases are the lines one level in: "    ok N name" (6.1's
		# debugfs log; KTAP has "ok N - name").
		sed -n -E 's/^    (not ok|ok) [0-9]+ (- )?(.*)$/\1|\3/p' "$_r" >/tmp/kunit.cases
		while IFS='|' read -r _res _case; do
			_cases=$((_cases + 1))
			case $_res:$_case in
			ok:*"# SKIP"*) notok "kunit on this kernel: $_suite.$_case was skipped" ;;
			ok:*) ok "kunit on this kernel: $_suite.$_case" ;;
			*) notok "kunit on this kernel: $_suite.$_case"
			   sed 's/^/kunit log: /' "$_r" | grep -v '^kunit log:     ok' | tail -n 30 ;;
			esac
		done </tmp/kunit.cases
	done
	_want=$(cat /kunit-cases 2>/dev/null)
	if ! check "kunit: every test case of the suites ran (want ${_want:-?}, got $_cases)" \
		[ -n "$_want" -a "$_cases" = "$_want" ]; then
		ls $DEBUGFS/kunit 2>&1 | sed 's/^/kunit debugfs: /'
		head -n 20 $DEBUGFS/kunit/hvpart_codec/results 2>&1 | sed 's/^/kunit results: /'
	fi
	unload "kunit: rmmod the KUnit build of hvpart"
	run rmmod kunit
	check "kunit: rmmod kunit" [ "$RC" = 0 ]
}

# kmemleak: forget what boot left, then at the end scan twice (objects
# younger than 5 s are not reported) and fail on any report.
kmemleak_start() {
	mount_debugfs
	[ -e $KMEMLEAK ] || return 0
	echo clear >$KMEMLEAK
	echo "kmemleak: cleared the reports of boot"
}

kmemleak_end() {
	[ -e $KMEMLEAK ] || return 0
	# kmemleak turns itself off when it cannot track an object (fault
	# injection can do that): a scan that cannot run must not pass.
	if ! { echo scan >$KMEMLEAK; } 2>/dev/null; then
		notok "kmemleak: still enabled at the end (a scan was refused)"
		dmesg | grep -i kmemleak | tail -n 5 | sed 's/^/kmemleak: /'
		return 1
	fi
	ok "kmemleak: still enabled at the end"
	sleep 6
	echo scan >$KMEMLEAK
	cat $KMEMLEAK >/tmp/kmemleak.txt
	_n=$(grep -c "unreferenced object" /tmp/kmemleak.txt)
	if [ "$_n" = 0 ]; then
		ok "kmemleak: no unreferenced object after the suite (two scans)"
	else
		notok "kmemleak: no unreferenced object after the suite ($_n reported)"
		head -n 60 /tmp/kmemleak.txt | sed 's/^/kmemleak: /'
	fi
}

# vm_dirs_settle WANT: the KVM VM count, once it is WANT or after 2 s.
# A VM goes with the last close of its fd, at once in practice; the wait
# only absorbs scheduling noise.
vm_dirs_settle() {
	_i=0
	while [ "$(vm_dirs)" != "$1" ] && [ $_i -lt 20 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	vm_dirs
}

# hvctl_lifecycle_checks BASE: BASE is the KVM VM count before.
hvctl_lifecycle_checks() {
	expect_run "hvctl create --disable-features 0x10 --disable-xsave 0x4 prints 1" \
		0 1 -- hvctl create --disable-features 0x10 --disable-xsave 0x4
	check "hvctl cpuid 1 shows sse4_2 and avx hidden, sse4_1 offered" \
		sh -c 'hvctl cpuid 1 >/tmp/cpuid.out &&
			grep -qx "sse4_2: no" /tmp/cpuid.out &&
			grep -qx "avx: no" /tmp/cpuid.out &&
			grep -qx "sse4_1: yes" /tmp/cpuid.out'
	expect_run "hvctl get-property --raw 1 compatibility-version prints 0x0609" \
		0 0x0000000000000609 -- hvctl get-property --raw 1 compatibility-version
	expect_run "hvctl set-property 1 processor-features0 -sse4_1 exits 0" \
		0 "*" -- hvctl set-property 1 processor-features0 -sse4_1
	check "after set-property, hvctl cpuid 1 shows sse4_1 hidden" \
		sh -c 'hvctl cpuid 1 | grep -qx "sse4_1: no"'
	expect_run "hvctl init 1 exits 0" 0 "*" -- hvctl init 1
	# hvctl made a VM, bound it, and exited: the binding ended with it.
	check "hvctl -j show 1 after hvctl exited: initialized, vm_attached false" \
		sh -c 'hvctl -j show 1 | grep -q "\"state\":\"initialized\".*\"vm_attached\":false"'
	_now=$(vm_dirs_settle "$1")
	check "hvctl init's VM went with hvctl (KVM debugfs back to $1, now $_now)" \
		[ "$_now" = "$1" ]
	check "hvctl cpuid 1 works on the Initialized partition without a VM" \
		sh -c 'hvctl cpuid 1 | grep -qx "sse4_1: no"'
	expect_run "hvctl init 1 again exits 1 with HV_STATUS_INVALID_PARTITION_STATE" \
		1 "*" HV_STATUS_INVALID_PARTITION_STATE -- hvctl init 1
	expect_run "hvctl set-property 1 processor-features0 0 after init exits 1" \
		1 "*" HV_STATUS_INVALID_PARTITION_STATE -- hvctl set-property 1 processor-features0 0
	expect_run "hvctl delete 1 while initialized exits 1" \
		1 "*" HV_STATUS_INVALID_PARTITION_STATE -- hvctl delete 1
	expect_run "hvctl finalize 1 exits 0" 0 "*" -- hvctl finalize 1
	expect_run "hvctl get-property 1 0x12345678 exits 1 with HV_STATUS_UNKNOWN_PROPERTY" \
		1 "*" HV_STATUS_UNKNOWN_PROPERTY -- hvctl get-property 1 0x12345678
	expect_run "hvctl delete 1 after finalize exits 0" 0 "*" -- hvctl delete 1
	expect_run "hvctl show 1 after delete exits 1" 1 "*" "no such partition" -- hvctl show 1
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
	# netlink names the owner and creator in the asker's namespaces: a
	# user namespace that maps nobody sees the overflow uid, a pid
	# namespace of its own sees no creator.
	check "hvctl -j show 5 in a new user namespace: owner_uid 65534" \
		sh -c 'unshare -U hvctl -j show 5 | grep -q "\"owner_uid\":65534"'
	check "hvctl -j show 5 in a new pid namespace: creator_pid 0, owner_uid 0" \
		sh -c 'unshare -r -p -f hvctl -j show 5 >/tmp/ns.out &&
			grep -q "\"creator_pid\":0," /tmp/ns.out &&
			grep -q "\"owner_uid\":0," /tmp/ns.out'
	check "hvctl -j show 5 in the initial namespaces: creator_pid not 0" \
		sh -c 'hvctl -j show 5 | grep -q "\"creator_pid\":[1-9]"'
	expect_run "hvctl delete 1000000 exits 1 with HV_STATUS_INVALID_PARTITION_ID" \
		1 "*" HV_STATUS_INVALID_PARTITION_ID -- hvctl delete 1000000
	# Before KVM is loaded (x86_64; arm64 has it built in): hvctl cannot
	# make a VM, says so, and calls nothing.
	if [ "$ARCH" != arm64 ]; then
		expect_run "hvctl init 2 without KVM exits 1 naming /dev/kvm" \
			1 "*" "cannot open /dev/kvm" -- hvctl init 2
		check "partition 2 is still created after that" \
			sh -c 'hvctl -j show 2 | grep -q "\"state\":\"created\""'
	fi
	expect_run "hvctl with an unknown command exits 2" 2 "*" -- hvctl frobnicate
	expect_run "hvctl delete without an id exits 2" 2 "*" -- hvctl delete
	expect_run "hvctl delete with a non-numeric id exits 2" 2 "*" -- hvctl delete x1
}

# The ioctl fuzzer, on a fresh load and before KVM is loaded: no VM can be
# made, so its model has initialize take vm_fd -1 or refuse an fd that is
# no VM before dispatch, and never a VM fd.  The seed is
# fixed, so every run is the same; /e2e-fuzz-seed overrides it
# (HVPART_FUZZ_SEED=N tests/e2e/run.sh ...).
FUZZ_SEED=1

fuzz_phase() {
	_seed=$FUZZ_SEED
	[ -s /e2e-fuzz-seed ] && _seed=$(cat /e2e-fuzz-seed)
	# The debug kernel (kmemleak there) checks every call ten times as
	# slowly under TCG: a fifth of the iterations keeps its run bounded.
	_iters=100000
	[ -e $DEBUGFS/kmemleak ] && _iters=20000
	if load "load fuzz"; then
		run_program hvpart_fuzz_ioctl -s "$_seed" -n "$_iters"
		unload "unload fuzz"
	fi
}

# 3c. Concurrency, before KVM is loaded and with every CPU online:
#     hvpart_stress runs 10,000 concurrent creates, a churn of every call,
#     racing deletes, rmmod under load (which must fail), children killed
#     mid-call and a slab check.  The rmmod here must then succeed: the
#     program closed every fd.
stress_phase() {
	if load "load 3c"; then
		run_program hvpart_stress
		unload "unload 3c (after the stress and its refused rmmods)"
	fi
}

test_mode() {
	kmemleak_start

	# 1. The test program, first thing after a fresh load: ids from 1.
	#    KVM is not loaded yet: nested virtualization is not offered and
	#    no VM can be made (initialize goes with vm_fd -1).
	if load "load 1"; then
		node_checks
		run_program hvpart_e2e
		[ "$ARCH" = arm64 ] || run_program hvpart_lifecycle -p nokvm
		unload "unload 1"
	fi

	# 1b. The same program built -m32, on a fresh load: every ioctl
	#     through compat_ioctl, with the same layouts and answers.
	if [ "$ARCH" = x86_64 ] && load "load 1b"; then
		run_program hvpart_e2e32
		unload "unload 1b"
	fi

	expect_run "hvctl create without /dev/hvpart exits 3" 3 "*" -- hvctl create
	# The examples name the step that failed, and stop there.
	if [ "$ARCH" = arm64 ]; then
		_ex=hvpart_vmm_arm64
	else
		_ex=hvpart_vmm_x86
	fi
	expect_run "example $_ex without /dev/hvpart exits 1 naming the step" \
		1 "" "$_ex: open /dev/hvpart: No such file or directory" -- "/examples/$_ex"
	if [ "$ARCH" = x86_64 ] && load "load 2b"; then
		expect_run "example $_ex without KVM exits 1 naming the step, after its create" \
			1 "created partition 1 with sse4_2 disabled" \
			"$_ex: open /dev/kvm: No such file or directory" -- "/examples/$_ex"
		unload "unload 2b"
	fi

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

	# 3b. The ioctl fuzzer (x86_64), still without KVM.
	[ "$ARCH" = arm64 ] || fuzz_phase

	# 3c. Concurrency (x86_64), still without KVM.
	[ "$ARCH" = arm64 ] || stress_phase

	# 4-6. KVM.
	if [ "$ARCH" = arm64 ]; then
		arm64_cpu_checks
		if arm64_kvm_setup; then
			arm64_kvm_tests
		fi
	else
		cpu_checks
		if kvm_setup; then
			# KUnit after KVM is in: hvpart_kvm drives the real one.
			if [ -f /hvpart-kunit.ko ]; then
				kunit_phase
			fi
			kvm_tests
		fi
	fi

	kmemleak_end

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

# demo_kvm: KVM in for the demo's VMM, as kvm_setup does but quietly: CPU 0
# alone (see single_cpu), the modules of /kvm/order, /dev/kvm.
demo_kvm() {
	_mods=$(tr '\n' ' ' </kvm/order 2>/dev/null)
	echo "# insmod ${_mods% } (from /kvm: KVM for AMD-V, and what it needs)"
	if ! single_cpu; then
		echo "(could not take the other CPUs offline)"
		return 1
	fi
	for _m in $_mods; do
		insmod "/kvm/$_m.ko" || return 1
	done
	wait_kvm || { echo "(no /dev/kvm)"; return 1; }
	echo
}

demo_mode() {
	PATH=$PATH:/examples
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
	show hvctl list
	show hvctl -j show 4
	# What it is for: a VMM's partition, backed by KVM, running guest code
	# with a feature hidden (tools/examples/hvpart_vmm_x86.c).
	if demo_kvm; then
		show hvpart_vmm_x86
		[ "$_rc" = 0 ] || notok "demo: the VMM example ran its guest"
	else
		notok "demo: KVM loaded for the VMM example"
	fi
	show rmmod hvpart
	echo HVPART-DEMO-END
}

# kcsan_check: KCSAN (the race kernel) printed a report per data race it
# caught, titled "data-race in A / B" after the two functions whose
# accesses raced.  One where A or B is hvpart's (hvpart_* in the driver,
# hvc_* in lib/) fails; the others are the core kernel's, which KCSAN's
# strict mode knows many of (hvpart may be further down their stacks,
# e.g. a cond_resched() in RCU's quiescent-state code), and are counted.
kcsan_check() {
	check "KCSAN is on (debugfs kcsan)" [ -e $DEBUGFS/kcsan ]
	dmesg >/tmp/dmesg.txt
	_all=$(grep -c "BUG: KCSAN: " /tmp/dmesg.txt)
	# A report runs from its "BUG: KCSAN:" line to the next "====" line.
	awk '/BUG: KCSAN: /{ blk = 1; txt = ""; ours = ($0 ~ /[ \/](hvpart|hvc)_/) }
	     blk { txt = txt $0 "\n" }
	     blk && /^=+$/ { if (ours) printf "%s", txt; blk = 0 }' \
		/tmp/dmesg.txt >/tmp/kcsan-hvpart.txt
	_ours=$(grep -c "BUG: KCSAN: " /tmp/kcsan-hvpart.txt)
	echo "kcsan: $_all report(s) in all, $_ours naming hvpart; the others:"
	grep "BUG: KCSAN: " /tmp/dmesg.txt | sort | uniq -c | sort -rn |
		head -n 10 | sed 's/^/kcsan: /'
	# The console shows KERN_CRIT and up only: look for the other splats.
	if grep -E "$SPLAT_RE" /tmp/dmesg.txt | grep -qv "BUG: KCSAN: "; then
		notok "kernel log has no splat but KCSAN's reports"
		grep -E "$SPLAT_RE" /tmp/dmesg.txt | grep -v "BUG: KCSAN: " |
			head -n 20 | sed 's/^/dmesg splat: /'
	else
		ok "kernel log has no splat but KCSAN's reports"
	fi
	if [ "$_ours" = 0 ]; then
		ok "KCSAN reports no data race in hvpart ($_all elsewhere)"
	else
		notok "KCSAN reports no data race in hvpart ($_ours)"
		head -n 80 /tmp/kcsan-hvpart.txt | sed 's/^/kcsan: /'
	fi
}

# The race run, on the KCSAN kernel: the suites where hvpart's calls and
# its netlink readers run at once, without KVM and with it.
race_mode() {
	mkdir -p $DEBUGFS
	grep -q " $DEBUGFS debugfs " /proc/mounts ||
		mount -t debugfs debugfs $DEBUGFS
	stress_phase
	cpu_checks
	if kvm_setup; then
		if load "load race kvm"; then
			run_program hvpart_stress -p kvm
			unload "unload race kvm"
		fi
		if load "load race netlink"; then
			run_program hvpart_netlink
			unload "unload race netlink"
		fi
	fi
	kcsan_check
	echo "e2e-guest: $PASS ok, $FAIL not ok"
}

case $MODE in
demo) demo_mode ;;
test) test_mode ;;
race) race_mode ;;
*) notok "unknown mode '$MODE' in /e2e-mode" ;;
esac

echo HVPART-E2E-DONE
sync
poweroff -f
# Not reached unless poweroff failed; PID 1 must not exit.
while :; do sleep 1; done
