#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot hvpart in a QEMU guest (TCG, never KVM) and run the end-to-end suite,
# or the demo.
#
#   tests/e2e/run.sh --build DIR [--arch x86_64|arm64] [--demo | --race] [--smp N]
#                    [--timeout S] [--init FILE] [--mem SIZE]
#                    [--extra FILE]... [--console FILE] [--verbose]
#
# DIR holds what `make guest` (x86_64) or `make guest-arm64` builds:
# module/hvpart.ko, hvctl and the static test programs (PROGS below).  The
# guest kernel is Debian's, cached by scripts/guest-kernel.sh or
# scripts/guest-kernel-arm64.sh.  The initramfs is busybox + those +
# tests/e2e/init.sh as /init, the VMM example of tools/examples in
# /examples, the architecture in /e2e-arch, and on x86_64
# KVM: kvm.ko, kvm-amd.ko and their dependency closure (irqbypass, ccp)
# from the guest kernel's modules, uncompressed, in /kvm with their load
# order in /kvm/order.  Debian's arm64 kernel has KVM built in.  FUSE (for
# hvpart_nsattack), where the kernel has it as a module, goes to /fs the
# same way, with /fs/order.
#
# arm64 boots qemu-system-aarch64 -M virt with EL2 (KVM in VHE mode), a
# GICv3 and -cpu max (SVE, pointer auth, PMUv3 for the partitions to hide).
#
# The guest CPU is TCG's qemu64 with SVM/NPT (for kvm-amd) and the SSE4.x,
# POPCNT, XSAVE, AVX features the partition tests hide (GUEST_CPU); a
# feature TCG cannot emulate fails the run.
#
# Test mode prints every "ok - ..." / "not ok - ..." line of the guest and
# ends with "e2e: N passed, M failed"; exit status 1 on any failure.  A run
# fails on any "not ok", when the guest never prints HVPART-E2E-DONE, when
# the console shows a kernel splat (BUG:, WARNING:, UBSAN:, Oops, Kernel
# panic, suspected memory leak, general protection), or when the number of
# ok/not ok lines on the console differs from the guest's own count.
# Demo mode prints what the guest shows between its demo markers.
#
# The console log goes to DIR/../e2e-console.log (demo-console.log).
#
# HVPART_FUZZ_SEED=N in the environment: the seed of the ioctl fuzzer
# (hvpart_fuzz_ioctl); without it the run uses init.sh's fixed seed.
#
#   --race        the race run, on the KCSAN kernel (--kernel): the
#                 concurrency suites only, then a count of KCSAN's reports;
#                 one that names hvpart fails (init.sh race_mode)
#   --init FILE   use FILE as /init instead of tests/e2e/init.sh (harness
#                 self-test, tests/bench; DIR's files are then optional)
#   --mem SIZE    guest memory, QEMU's -m syntax (default 1G)
#   --extra FILE  one more static program for the guest's /bin (repeatable)
#   --extra-root DIR  a tree copied as it is over the initramfs root
#                 (repeatable): dynamically linked programs with their
#                 libraries and loader, which --extra refuses
#   --console FILE  the console log (default DIR/../e2e-console.log)
#   --verbose     stream the whole console, not only the check lines
#   --kernel DIR  boot the kernel in DIR (vmlinuz, modules/, krel; arm64
#                 also busybox) instead of Debian 12's: scripts/debug-kernel.sh's
#                 cache, or a kernel matrix one (scripts/guest-kernel.sh
#                 --krel); the x86_64 console log is then e2e-debug-console.log
#   --kunit-ko FILE  hvpart.ko built with its KUnit suites: /init loads
#                 kunit.ko (from the kernel's modules) and FILE first and
#                 reports every test case
#   --append ARGS more kernel command line
#   --tcg-single  one host thread for all vCPUs: newer x86 kernels patch
#                 their text (static keys, int3) while other vCPUs run it,
#                 which multi-threaded TCG can catch half-done ("Oops:
#                 int3" in the 7.x guest's boot, 1 run in 3 here)
#   --icount      deterministic time (tests/bench): -icount shift=0,sleep=off
#                 on one host thread; the guest's clocks then advance one
#                 nanosecond per guest instruction, whatever the host's load
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)

SPLAT_RE='BUG:|WARNING:|UBSAN:|Oops|Kernel panic|suspected memory leak|general protection'
KLOG_RE='^\[ *[0-9]+\.[0-9]+\] '

log() { echo "e2e: $*" >&2; }
die() { log "error: $*"; exit 2; }

usage() {
	sed -n '5,7p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

build=
arch=x86_64
mode="test"
smp=2
tmo=
init=$here/init.sh
custom_init=
verbose=
mem=1G
extras=()
extra_roots=()
console_opt=
kernel_dir=
kunit_ko=
append_extra=
tcg=tcg
icount=

while [ $# -gt 0 ]; do
	case $1 in
	--build) [ $# -ge 2 ] || usage; build=$2; shift 2 ;;
	--arch) [ $# -ge 2 ] || usage; arch=$2; shift 2 ;;
	--demo) mode=demo; shift ;;
	--race) mode=race; shift ;;
	--smp) [ $# -ge 2 ] || usage; smp=$2; shift 2 ;;
	--timeout) [ $# -ge 2 ] || usage; tmo=$2; shift 2 ;;
	--init) [ $# -ge 2 ] || usage; init=$2; custom_init=1; shift 2 ;;
	--mem) [ $# -ge 2 ] || usage; mem=$2; shift 2 ;;
	--extra) [ $# -ge 2 ] || usage; extras+=("$2"); shift 2 ;;
	--extra-root) [ $# -ge 2 ] || usage; extra_roots+=("$2"); shift 2 ;;
	--console) [ $# -ge 2 ] || usage; console_opt=$2; shift 2 ;;
	--kernel) [ $# -ge 2 ] || usage; kernel_dir=$2; shift 2 ;;
	--kunit-ko) [ $# -ge 2 ] || usage; kunit_ko=$2; shift 2 ;;
	--append) [ $# -ge 2 ] || usage; append_extra=$2; shift 2 ;;
	--tcg-single) tcg=tcg,thread=single; shift ;;
	--icount) icount=1; tcg=tcg,thread=single; shift ;;
	--verbose|-v) verbose=1; shift ;;
	-h|--help) usage ;;
	*) log "unknown argument: $1"; usage ;;
	esac
done

[ -n "$build" ] || usage
case $arch in
x86_64|arm64) ;;
*) die "--arch wants x86_64 or arm64" ;;
esac
[[ $smp =~ ^[1-9][0-9]*$ ]] || die "--smp wants a positive number"
if [ -z "$tmo" ]; then
	case $mode in
	demo) tmo=120 ;;
	race) tmo=1200 ;;
	*) tmo=300 ;;
	esac
fi
[[ $tmo =~ ^[1-9][0-9]*$ ]] || die "--timeout wants seconds"
[ -d "$build" ] || die "no build dir $build (make guest)"
build=$(cd "$build" && pwd)
[ -f "$init" ] || die "no init script $init"
[[ ${HVPART_FUZZ_SEED:-0} =~ ^(0[xX][0-9a-fA-F]+|[0-9]+)$ ]] ||
	die "HVPART_FUZZ_SEED wants a number"

ko=$build/module/hvpart.ko
hvctl=$build/hvctl
if [ "$arch" = arm64 ]; then
	progs=("$build/hvpart_e2e" "$build/hvpart_vmm_arm64" "$build/hvpart_netlink")
	progs+=("$build/hvpart_nsattack")
	progs+=("$build/hvpart_mshv_port")
else
	progs=("$build/hvpart_e2e" "$build/hvpart_e2e32" "$build/hvpart_lifecycle"
	       "$build/hvpart_vmm" "$build/hvpart_netlink" "$build/hvpart_faults")
	progs+=("$build/hvpart_fuzz_ioctl")
	progs+=("$build/hvpart_stress")
	progs+=("$build/hvpart_nsattack" "$build/hvpart_limits")
	progs+=("$build/hvpart_mshv_port")
fi
# The VMM example of tools/examples for this architecture, in DIR/examples
# and the guest's /examples (the arm64 one has an e2e program's name).
if [ "$arch" = arm64 ]; then
	examples=("$build/examples/hvpart_vmm_arm64")
else
	examples=("$build/examples/hvpart_vmm_x86")
fi

# qemu64 plus what KVM in the guest needs (svm, npt: without NPT a probe
# read wrong I/O data) and the features partitions hide.  TCG in QEMU 7.2
# emulates all of these.
# BMI1/BMI2 come with AVX2 on every real CPU, and glibc's AVX2 string
# functions use them (trixie's static busybox dies of SIGILL without).
GUEST_CPU=qemu64,+svm,+npt,+ssse3,+sse4.1,+sse4.2,+popcnt,+xsave,+xsaveopt,+avx,+avx2,+fma,+bmi1,+bmi2
# Loaded in the guest before the KVM tests, with their dependencies.
KVM_MODULES=(kvm kvm-amd)
# arm64: the virt board at EL2 with a GICv3; -cpu max has SVE, pointer
# auth and PMUv3, and pauth-impdef makes pointer auth cheap under TCG.
ARM64_MACHINE=virt,virtualization=on,gic-version=3
ARM64_CPU=max,pauth-impdef=on
if [ "$arch" = arm64 ]; then
	KVM_MODULES=()
fi
# File systems hvpart_nsattack needs, where the kernel has them as modules
# (Debian's: fuse.ko; the debug kernel has FUSE built in).
FS_MODULES=(fuse)

# A dynamic binary would die in the guest with a confusing "not found".
is_static() {
	! LC_ALL=C readelf -l "$1" 2>/dev/null | grep -q 'INTERP'
}

for f in "$ko" "$hvctl" "${progs[@]}" "${examples[@]}"; do
	if [ ! -f "$f" ]; then
		# The demo runs hvctl and the x86 example only (make guest-module).
		case $f in
		"$ko"|"$hvctl"|"${examples[0]}") [ -n "$custom_init" ] || die "missing $f (make guest)" ;;
		*) [ -n "$custom_init" ] || [ "$mode" = demo ] || die "missing $f (make guest)" ;;
		esac
		log "note: $f missing, not in the initramfs"
		continue
	fi
	case $f in
	*.ko) ;;
	*) is_static "$f" || die "$f is not statically linked" ;;
	esac
done

for f in ${extras[@]+"${extras[@]}"}; do
	[ -f "$f" ] || die "missing $f (--extra)"
	is_static "$f" || die "$f is not statically linked"
done
for d in ${extra_roots[@]+"${extra_roots[@]}"}; do
	[ -d "$d" ] || die "no folder $d (--extra-root)"
done

is_static /bin/busybox || die "/bin/busybox is not static (apt-get install busybox-static)"

if [ "$arch" = arm64 ] && [ -n "$kernel_dir" ]; then
	[ -f "$kernel_dir/vmlinuz" ] && [ -x "$kernel_dir/busybox" ] ||
		die "no vmlinuz and busybox in --kernel $kernel_dir"
	kdir=$(cd "$kernel_dir" && pwd)
	busybox=$kdir/busybox
elif [ "$arch" = arm64 ]; then
	kdir=$("$root/scripts/guest-kernel-arm64.sh")
	busybox=$kdir/busybox
elif [ -n "$kernel_dir" ]; then
	[ -f "$kernel_dir/vmlinuz" ] || die "no vmlinuz in --kernel $kernel_dir"
	kdir=$(cd "$kernel_dir" && pwd)
	busybox=/bin/busybox
else
	kdir=$("$root/scripts/guest-kernel.sh")
	busybox=/bin/busybox
fi
[ -z "$kunit_ko" ] || [ -f "$kunit_ko" ] || die "no --kunit-ko $kunit_ko"
krel=$(cat "$kdir/krel" 2>/dev/null || basename "$kdir")

cache=${HVPART_CACHE:-$HOME/.cache/hvpart}
mkdir -p "$cache"
# One TCG guest at a time on this machine.
exec 9>"$cache/qemu.lock"
if ! flock -n 9; then
	log "waiting for another QEMU run to finish ($cache/qemu.lock)"
	flock 9
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hvpart-e2e.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The initramfs: busybox with its applets as links, the module, the two
# static programs, /init, and the mode.
r=$tmp/root
mkdir -p "$r/bin" "$r/dev" "$r/etc" "$r/proc" "$r/sys" "$r/tmp"
printf 'root:x:0:0:root:/:/bin/sh\nuser:x:1000:1000:user:/:/bin/sh\n' > "$r/etc/passwd"
printf 'root:x:0:\nuser:x:1000:\n' > "$r/etc/group"
cp "$busybox" "$r/bin/busybox"
# The host's busybox lists the applets: the guest's may not run here.
while read -r applet; do
	[ "$applet" = busybox ] || ln -s busybox "$r/bin/$applet"
done < <(/bin/busybox --list)
[ ! -f "$ko" ] || cp "$ko" "$r/hvpart.ko"
[ ! -f "$hvctl" ] || cp "$hvctl" "$r/bin/hvctl"
for f in "${progs[@]}" ${extras[@]+"${extras[@]}"}; do
	[ ! -f "$f" ] || cp "$f" "$r/bin/$(basename "$f")"
done
mkdir -p "$r/examples"
for f in "${examples[@]}"; do
	[ ! -f "$f" ] || cp "$f" "$r/examples/"
done
for d in ${extra_roots[@]+"${extra_roots[@]}"}; do
	cp -a "$d/." "$r/"
done

# KVM modules from the guest kernel's tree, dependencies first.  Debian
# may ship them compressed; busybox insmod wants plain ELF.
declare -A mod_seen=()
mod_order=()
mod_file() {
	local n=$1
	find "$kdir/modules" -type f \( -name "${n//_/-}.ko*" -o -name "${n//-/_}.ko*" \) |
		grep -E '\.ko(\.(xz|zst|gz))?$' | head -n 1
}
# add_module NAME [FOLDER]: NAME.ko and what it depends on into the
# initramfs's FOLDER (default kvm), appending to mod_order.
add_module() {
	local name=${1//_/-} folder=${2:-kvm} src dst dep
	[ -z "${mod_seen[$name]:-}" ] || return 0
	mod_seen[$name]=1
	src=$(mod_file "$name")
	[ -n "$src" ] || die "no $name.ko in $kdir/modules"
	dst=$r/$folder/$name.ko
	case $src in
	*.xz) xz -dc "$src" > "$dst" ;;
	*.zst) zstd -qdc "$src" > "$dst" ;;
	*.gz) gzip -dc "$src" > "$dst" ;;
	*) cp "$src" "$dst" ;;
	esac
	for dep in $("$modinfo" -F depends "$dst" | tr ',' ' '); do
		add_module "$dep" "$folder"
	done
	mod_order+=("$name")
}
modinfo=$(PATH=$PATH:/sbin:/usr/sbin command -v modinfo) ||
	die "no modinfo (apt-get install kmod)"
mkdir -p "$r/kvm"
for m in "${KVM_MODULES[@]}"; do
	add_module "$m"
done
printf '%s\n' "${mod_order[@]}" > "$r/kvm/order"
if [ -n "$kunit_ko" ]; then
	cp "$kunit_ko" "$r/hvpart-kunit.ko"
	kunit_src=$(mod_file kunit)
	[ -n "$kunit_src" ] || die "no kunit.ko in $kdir/modules (--kunit-ko)"
	cp "$kunit_src" "$r/kunit.ko"
	# The test cases the suites hold, for /init to expect every one.
	grep -ho 'KUNIT_CASE[A-Z_]*(' "$root"/tests/kunit/*.c | wc -l >"$r/kunit-cases"
fi
log "KVM modules for the guest: ${mod_order[*]}"
# The same for FS_MODULES, in /fs with /fs/order; one the kernel has built
# in has no .ko, and init.sh checks /proc/filesystems instead.
mod_order=()
mkdir -p "$r/fs"
for m in "${FS_MODULES[@]}"; do
	if [ -n "$(mod_file "$m")" ]; then
		add_module "$m" fs
	else
		log "note: no $m.ko in $kdir/modules (built in?)"
	fi
done
: > "$r/fs/order"
[ ${#mod_order[@]} = 0 ] || printf '%s\n' "${mod_order[@]}" > "$r/fs/order"
log "file system modules for the guest: ${mod_order[*]:-none}"
cp "$init" "$r/init"
chmod 755 "$r/init"
echo "$mode" > "$r/e2e-mode"
echo "$arch" > "$r/e2e-arch"
# hvpart_fuzz_ioctl's seed (init.sh, fuzz_phase): fixed unless overridden.
[ -z "${HVPART_FUZZ_SEED:-}" ] || echo "$HVPART_FUZZ_SEED" > "$r/e2e-fuzz-seed"
# The kernel opens /dev/console before running /init; without root the
# node comes from the kernel's built-in initramfs instead.
mknod -m 600 "$r/dev/console" c 5 1 2>/dev/null || true
(cd "$r" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc -R 0:0 --quiet) > "$tmp/initramfs.cpio"

if [ "$arch" = arm64 ]; then
	append="console=ttyAMA0"
else
	append="console=ttyS0"
fi
append+=" panic=-1 oops=panic"
# KCSAN panics on its first report under panic_on_warn, and strict KCSAN
# reports the core kernel's races too: the race run keeps going, keeps
# KCSAN's reports (KERN_ERR) off the slow serial console and in a log
# buffer big enough for all of them, and judges them in the guest.
[ "$mode" = race ] || append+=" panic_on_warn=1"
[ -z "$append_extra" ] || append+=" $append_extra"
if [ "$mode" = demo ]; then
	append+=" quiet loglevel=1"
	console_log=$(dirname "$build")/demo-console.log
elif [ "$mode" = race ]; then
	append+=" loglevel=3 log_buf_len=16M"
	console_log=$(dirname "$build")/e2e-kcsan-console.log
else
	# Up to KERN_WARNING, so a WARN's own "WARNING:" line shows too.
	append+=" loglevel=5"
	console_log=$(dirname "$build")/e2e-console.log
	[ -z "$kernel_dir" ] || console_log=$(dirname "$build")/e2e-debug-console.log
	[ "$arch" = x86_64 ] || console_log=$(dirname "$build")/e2e-$arch-console.log
fi
[ -z "$console_opt" ] || console_log=$console_opt

# shellcheck disable=SC2054 # -cpu takes a comma list
if [ "$arch" = arm64 ]; then
	qemu=(qemu-system-aarch64 -accel "$tcg" -M "$ARM64_MACHINE"
	      -cpu "$ARM64_CPU" -kernel "$kdir/vmlinuz")
else
	# The uncompressed vmlinux boots through PVH, twice as fast; KASAN
	# kernels boot only as a bzImage.
	kimage=$kdir/vmlinux
	[ -f "$kimage" ] || kimage=$kdir/vmlinuz
	qemu=(qemu-system-x86_64 -accel "$tcg" -cpu "$GUEST_CPU"
	      -kernel "$kimage")
fi
qemu+=(-m "$mem" -smp "$smp" -initrd "$tmp/initramfs.cpio"
       -append "$append" -nographic -monitor none -serial stdio
       -no-reboot -nodefaults)
[ -z "$icount" ] || qemu+=(-icount shift=0,sleep=off)

# Live view of the console: the check lines (or the demo), and splats.
filter() {
	local line in_demo=
	while IFS= read -r line; do
		if [ -n "$verbose" ]; then
			printf '%s\n' "$line"
			continue
		fi
		if [[ $line =~ $SPLAT_RE ]]; then
			printf 'console: %s\n' "$line"
			continue
		fi
		if [ "$mode" = demo ]; then
			case $line in
			HVPART-DEMO-BEGIN) in_demo=1; continue ;;
			HVPART-DEMO-END) in_demo=; continue ;;
			esac
			[ -n "$in_demo" ] || continue
			[[ $line =~ $KLOG_RE ]] || printf '%s\n' "$line"
			continue
		fi
		case $line in
		"ok - "*|"not ok - "*) printf '%s\n' "$line" ;;
		esac
	done
}

log "booting $krel ($arch) under TCG (-smp $smp, timeout ${tmo}s), console log $console_log"
start=$(date +%s%N)
set +e
timeout -k 10 "$tmo" "${qemu[@]}" </dev/null 2>&1 |
	sed -u 's/\r$//' | tee "$console_log" | filter
status=("${PIPESTATUS[@]}")
set -e
qemu_rc=${status[0]}
elapsed=$(( ($(date +%s%N) - start) / 1000000 ))
secs=$(printf '%d.%03d' $((elapsed / 1000)) $((elapsed % 1000)))

passed=$(grep -c '^ok - ' "$console_log" || true)
failed=$(grep -c '^not ok - ' "$console_log" || true)

extra_fail() {
	failed=$((failed + 1))
	echo "not ok - $*"
}

if ! grep -qx 'HVPART-E2E-DONE' "$console_log"; then
	if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
		extra_fail "guest reached HVPART-E2E-DONE (timed out after ${tmo}s)"
	else
		extra_fail "guest reached HVPART-E2E-DONE (qemu exited with status $qemu_rc)"
	fi
elif [ "$qemu_rc" != 0 ]; then
	extra_fail "guest powered off after HVPART-E2E-DONE (qemu exit status $qemu_rc)"
fi

tcg_warn=$(grep -m 1 "TCG doesn't support requested feature" "$console_log" || true)
if [ -n "$tcg_warn" ]; then
	extra_fail "TCG emulates every feature of -cpu $GUEST_CPU ($tcg_warn)"
fi

# A race run's KCSAN reports are judged in the guest (init.sh
# kcsan_check): those that name hvpart fail, the core kernel's are counted.
if [ "$mode" = race ]; then
	splat=$(grep -E "$SPLAT_RE" "$console_log" | grep -v -m 1 'BUG: KCSAN: ' || true)
else
	splat=$(grep -m 1 -E "$SPLAT_RE" "$console_log" || true)
fi
if [ -n "$splat" ]; then
	extra_fail "no kernel splat on the console (first: $splat)"
fi

if [ "$mode" != demo ]; then
	guest_count=$(grep -m 1 -E '^e2e-guest: [0-9]+ ok, [0-9]+ not ok$' "$console_log" || true)
	if [ -n "$guest_count" ]; then
		# Compare before the host-side checks above were added.
		host_ok=$(grep -c '^ok - ' "$console_log" || true)
		host_notok=$(grep -c '^not ok - ' "$console_log" || true)
		if [ "$guest_count" != "e2e-guest: $host_ok ok, $host_notok not ok" ]; then
			extra_fail "console check lines match the guest's count (guest: '$guest_count', console: $host_ok ok, $host_notok not ok)"
		fi
	elif grep -qx 'HVPART-E2E-DONE' "$console_log"; then
		extra_fail "guest printed its e2e-guest count line"
	fi
	if [ "$passed" = 0 ] && [ "$failed" = 0 ] && [ -z "$custom_init" ]; then
		extra_fail "at least one check ran"
	fi
fi

log "guest run took ${secs}s (qemu exit status $qemu_rc); console log: $console_log"
if [ "$mode" = demo ]; then
	if [ "$failed" != 0 ]; then
		echo "demo: failed ($failed problem(s) above)"
		exit 1
	fi
	exit 0
fi
echo "e2e: $passed passed, $failed failed"
[ "$failed" = 0 ]
