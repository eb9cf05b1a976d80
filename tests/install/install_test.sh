#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make install-tools`, `make install-module`, `make install` and
# `make dkms-install` into staging folders, and what they put there: files
# in place, a module whose vermagic is the headers' release and that depmod
# indexed, a man page that renders without warnings, a completion that
# parses and completes, a DKMS tree that builds the way dkms builds it.
#
#	tests/install/install_test.sh [KDIR]
#
# KDIR defaults to the guest kernel's headers (scripts/guest-kernel.sh).
# Prints "ok - NAME", "not ok - NAME" or "skip - NAME" per check, then
# "install: N passed, N failed[, N skipped]"; exits non-zero when a check
# failed.

# Checks run small `bash -c '...' _ ARGS` scripts: their $1 is meant literally.
# shellcheck disable=SC2016
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
kdir=${1:-$(scripts/guest-kernel.sh --headers 2>/dev/null || true)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$(cat VERSION)
pass=0
fail=0
skipped=0

ok() {
	echo "ok - $1"
	pass=$((pass + 1))
}

# not_ok NAME [LOG]: a failure, with LOG's last lines indented below.
not_ok() {
	echo "not ok - $1"
	if [ $# -gt 1 ] && [ -s "$2" ]; then
		tail -n 15 "$2" | sed 's/^/    /'
	fi
	fail=$((fail + 1))
}

skip() {
	echo "skip - $1"
	skipped=$((skipped + 1))
}

# check NAME COMMAND...: ok when COMMAND succeeds; its output is the log.
check() {
	local name=$1
	shift
	if "$@" >"$tmp/log" 2>&1; then
		ok "$name"
	else
		not_ok "$name" "$tmp/log"
	fi
}

mk() {
	make --no-print-directory "$@"
}

# hvctl's commands, from its own help ("Commands:" up to a blank line).
commands() {
	"$1" help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# --- install-tools: DESTDIR and PREFIX, no kernel needed

root=$tmp/root
check "make install-tools DESTDIR=... PREFIX=/usr" \
	mk install-tools DESTDIR="$root" PREFIX=/usr KDIR="$tmp/no-kdir"
for f in usr/sbin/hvctl usr/share/man/man8/hvctl.8 \
	usr/share/bash-completion/completions/hvctl \
	lib/udev/rules.d/60-hvpart.rules lib/modprobe.d/hvpart.conf; do
	check "installed /$f" test -f "$root/$f"
done
check "/usr/sbin/hvctl is executable and runs help" "$root/usr/sbin/hvctl" help
check "the udev rule gives /dev/hvpart to group kvm, mode 0660" \
	grep -Eq '^KERNEL=="hvpart",.*GROUP="kvm",.*MODE="0660"' \
	"$root/lib/udev/rules.d/60-hvpart.rules"
if [ -x /sbin/modprobe ] || command -v modprobe >/dev/null; then
	PATH=$PATH:/sbin:/usr/sbin
	modprobe -C "$root/lib/modprobe.d" --showconfig >"$tmp/modconf" 2>&1 || true
	check "modprobe reads the softdep on kvm from modprobe.d" \
		grep -qx 'softdep hvpart pre: kvm' "$tmp/modconf"
else
	skip "modprobe reads the softdep on kvm from modprobe.d: no modprobe"
fi

check "make install-tools PREFIX=/usr/local: hvctl and docs under it" \
	mk install-tools DESTDIR="$tmp/local" PREFIX=/usr/local
check "PREFIX=/usr/local: /usr/local/sbin/hvctl, man8, completion" \
	test -x "$tmp/local/usr/local/sbin/hvctl" -a \
	-f "$tmp/local/usr/local/share/man/man8/hvctl.8" -a \
	-f "$tmp/local/usr/local/share/bash-completion/completions/hvctl"
check "PREFIX=/usr/local: the udev rule stays where udev reads it" \
	test -f "$tmp/local/lib/udev/rules.d/60-hvpart.rules"

if mk install DESTDIR="$tmp/nok" KDIR="$tmp/no-kdir" >"$tmp/log" 2>&1 &&
	[ -x "$tmp/nok/usr/sbin/hvctl" ] &&
	grep -q "module not installed" "$tmp/log"; then
	ok "make install without a kernel build dir installs the tools, says so"
else
	not_ok "make install without a kernel build dir installs the tools, says so" \
		"$tmp/log"
fi

# --- the man page

man8=$root/usr/share/man/man8/hvctl.8
if command -v groff >/dev/null; then
	LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$man8" >"$tmp/groff.log" 2>&1 || true
	if [ -s "$tmp/groff.log" ]; then
		not_ok "the man page renders without groff warnings" "$tmp/groff.log"
	else
		ok "the man page renders without groff warnings"
	fi
	LC_ALL=C.UTF-8 groff -man -Tutf8 -P-c "$man8" 2>/dev/null |
		sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g' >"$tmp/man.txt"
	missing=""
	for c in $(commands "$root/usr/sbin/hvctl"); do
		grep -Eq "^ {7}$c( |$)" "$tmp/man.txt" || missing+=" $c"
	done
	if [ -z "$missing" ]; then
		ok "the man page documents every command of 'hvctl help'"
	else
		echo "    undocumented:$missing" >"$tmp/log"
		not_ok "the man page documents every command of 'hvctl help'" "$tmp/log"
	fi
	for s in SYNOPSIS DESCRIPTION OPTIONS COMMANDS "EXIT STATUS"; do
		check "the man page has $s" grep -qx "$s" "$tmp/man.txt"
	done
	check "EXIT STATUS documents 0 to 4" \
		bash -c 'sed -n "/^EXIT STATUS/,/^[A-Z]/p" "$1" |
			grep -Ec "^ {7}[0-4] " | grep -qx 5' _ "$tmp/man.txt"
else
	skip "the man page renders: no groff (apt-get install groff-base)"
fi
if command -v man >/dev/null; then
	LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man8" 2>"$tmp/man.err" >/dev/null || true
	if [ -s "$tmp/man.err" ]; then
		not_ok "man -l renders the man page without warnings" "$tmp/man.err"
	else
		ok "man -l renders the man page without warnings"
	fi
fi

# --- the bash completion

comp=$root/usr/share/bash-completion/completions/hvctl
check "the completion parses (bash -n)" bash -n "$comp"
if command -v shellcheck >/dev/null; then
	check "the completion is shellcheck-clean" shellcheck -s bash "$comp"
fi

# complete WORD...: what the completion offers for the last WORD.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_hvctl; printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
}

missing=""
offered=$(complete_words hvctl "")
for c in $(commands "$root/usr/sbin/hvctl"); do
	grep -qx "$c" <<<"$offered" || missing+=" $c"
done
if [ -z "$missing" ]; then
	ok "the completion offers every command of 'hvctl help'"
else
	echo "    not offered:$missing" >"$tmp/log"
	not_ok "the completion offers every command of 'hvctl help'" "$tmp/log"
fi
check "the completion completes property names" \
	bash -c '[ "$(printf "%s " $1)" = "COMPATIBILITY_VERSION " ]' _ \
	"$(complete_words hvctl get-property 1 COMP)"
check "the completion completes the last name of a --flags list" \
	bash -c '[ "$1" = "lapic-enabled,x2apic-capable" ]' _ \
	"$(complete_words hvctl create --flags lapic-enabled,x2)"

features=$(complete_words "$root/usr/sbin/hvctl" set-property 1 \
	PROCESSOR_XSAVE_FEATURES "")
"$root/usr/sbin/hvctl" help set-property >"$tmp/setprop.txt" 2>&1 || true
if [ -n "$features" ] && ! grep -vqxFf <(tr -s ' ' '\n' <"$tmp/setprop.txt") \
	<<<"$features"; then
	ok "the completion completes feature names from 'hvctl help set-property'"
else
	echo "    offered: ${features//$'\n'/ }" >"$tmp/log"
	not_ok "the completion completes feature names from 'hvctl help set-property'" \
		"$tmp/log"
fi

# A stand-in hvctl whose `-j list` prints two partitions.
cat >"$tmp/hvctl" <<'EOF'
#!/bin/sh
[ "$1" = -j ] && [ "$2" = list ] || exit 3
printf '[{"id": 7, "state": "created"},\n {"id":42,"state":"initialized"}]\n'
EOF
chmod +x "$tmp/hvctl"
check "the completion completes live partition ids from 'hvctl -j list'" \
	bash -c '[ "$(printf "%s " $1)" = "7 42 " ]' _ \
	"$(complete_words "$tmp/hvctl" show "")"
check "the completion offers no ids, quietly, when list fails" \
	bash -c '[ -z "$1" ]' _ "$(complete_words /nonexistent/hvctl show "" 2>&1)"

# --- install-module into a staging root

if [ -z "$kdir" ] || [ ! -f "$kdir/Makefile" ]; then
	not_ok "a kernel build dir for install-module (got '${kdir}')"
else
	rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"$/\1/p' \
		"$kdir/include/generated/utsrelease.h")
	mod=$tmp/mod
	check "make install-module INSTALL_MOD_PATH=... KDIR=$kdir" \
		mk install-module INSTALL_MOD_PATH="$mod" KDIR="$kdir"
	ko=$mod/lib/modules/$rel/extra/hvpart.ko
	check "the module is at lib/modules/$rel/extra/hvpart.ko" test -f "$ko"
	vermagic=$(modinfo -F vermagic "$ko" 2>/dev/null || true)
	check "its vermagic is the headers' release ($rel)" \
		test "${vermagic%% *}" = "$rel"
	check "modules.dep in the staging root lists hvpart" \
		grep -q '^extra/hvpart.ko:' "$mod/lib/modules/$rel/modules.dep"
	check "modules.alias has the genetlink family alias" \
		grep -q '^alias net-pf-16-proto-16-family-hvpart hvpart$' \
		"$mod/lib/modules/$rel/modules.alias"
	if modinfo -F alias "$ko" | grep -q '^devname:hvpart$'; then
		check "modules.devname lists /dev/hvpart (load on first open)" \
			grep -Eq '^hvpart hvpart c10:[0-9]+$' \
			"$mod/lib/modules/$rel/modules.devname"
	else
		skip "modules.devname lists /dev/hvpart: the module has no devname alias"
	fi
	full=$tmp/full
	check "make install DESTDIR=... KDIR=...: tools and module in one root" \
		mk install DESTDIR="$full" KDIR="$kdir"
	check "make install DESTDIR=...: the module under DESTDIR, indexed" \
		test -f "$full/lib/modules/$rel/extra/hvpart.ko" -a \
		-x "$full/usr/sbin/hvctl" -a \
		-s "$full/lib/modules/$rel/modules.dep"
	check "modprobe finds the module in the staging root" \
		bash -c 'PATH=$PATH:/sbin:/usr/sbin modprobe -d "$1" -S "$2" \
			--show-depends hvpart | grep -q "extra/hvpart.ko"' _ "$mod" "$rel"
fi

# --- dkms-install

tree=$tmp/dkms/usr/src/hvpart-$version
check "make dkms-install DESTDIR=..." mk dkms-install DESTDIR="$tmp/dkms"
missing=""
for f in dkms.conf Kbuild Kconfig $(find drivers/hvpart lib uapi tests/kunit \
	-name '*.[ch]'); do
	[ -f "$tree/$f" ] || missing+=" $f"
done
if [ -z "$missing" ]; then
	ok "the DKMS tree has dkms.conf, Kbuild and every module source"
else
	echo "    missing:$missing" >"$tmp/log"
	not_ok "the DKMS tree has dkms.conf, Kbuild and every module source" "$tmp/log"
fi
check "dkms.conf parses (bash -n)" bash -n "$tree/dkms.conf"
# The netlink names come from a second, generated header beside it.
check "the DKMS tree's <linux/hvpart.h> compiles alone, netlink names included" \
	bash -c 'printf "#include <linux/hvpart.h>\nint n = HVPART_CMD_MAX;\n" |
		gcc -fsyntax-only -Wall -Werror -I "$1/uapi" -x c -' _ "$tree"

# Read dkms.conf the way dkms does: sourced, with its variables set.
dkms_tree=$tmp/var-lib-dkms
conf=$(kernel_source_dir=${kdir:-/nonexistent} dkms_tree=$dkms_tree bash -c '
	set -eu; . "$1"
	printf "%s\n" "$PACKAGE_NAME" "$PACKAGE_VERSION" "$AUTOINSTALL" \
		"${BUILT_MODULE_NAME[0]}" "${DEST_MODULE_LOCATION[0]}" \
		"$BUILD_EXCLUSIVE_CONFIG" "${MAKE[0]}"' _ "$tree/dkms.conf" 2>&1) || true
mapfile -t c <<<"$conf"
check "dkms.conf: PACKAGE_NAME hvpart, PACKAGE_VERSION $version from VERSION" \
	test "${c[0]:-}" = hvpart -a "${c[1]:-}" = "$version"
check "dkms.conf: AUTOINSTALL, BUILT_MODULE_NAME, DEST_MODULE_LOCATION" \
	test "${c[2]:-}" = yes -a "${c[3]:-}" = hvpart -a \
	"${c[4]:-}" = /updates/dkms
check "dkms.conf: BUILD_EXCLUSIVE_CONFIG is CONFIG_KVM" \
	test "${c[5]:-}" = CONFIG_KVM
if [ -n "$kdir" ] && [ -f "$kdir/Makefile" ]; then
	check "the headers' kernel has CONFIG_KVM, as BUILD_EXCLUSIVE_CONFIG wants" \
		grep -Eq '^CONFIG_KVM=[ym]$' "$kdir/.config"
	# dkms copies the tree to $dkms_tree/NAME/VERSION/build and runs MAKE.
	mkdir -p "$dkms_tree/hvpart/$version"
	cp -r "$tree" "$dkms_tree/hvpart/$version/build"
	if (cd "$dkms_tree/hvpart/$version/build" && eval "${c[6]:-false}") \
		>"$tmp/log" 2>&1; then
		ok "dkms.conf's MAKE builds the DKMS tree against $kdir"
	else
		not_ok "dkms.conf's MAKE builds the DKMS tree against $kdir" "$tmp/log"
	fi
	vermagic=$(modinfo -F vermagic "$dkms_tree/hvpart/$version/build/hvpart.ko" \
		2>/dev/null || true)
	check "the DKMS-built module's vermagic is the headers' release" \
		test -n "$vermagic" -a "${vermagic%% *}" = "${rel:-}"
fi

# The newcomer's path (README): plain make without a kernel build dir, and
# what each target installs.
if make --no-print-directory BUILD="$tmp/plain" KDIR="$tmp/no-kdir" \
	>"$tmp/plain.log" 2>&1; then
	ok "make without a kernel build dir exits 0"
else
	not_ok "make without a kernel build dir exits 0" "$tmp/plain.log"
fi
check "make without a kernel build dir still builds hvctl" test -x "$tmp/plain/host/hvctl"
check "make without a kernel build dir says what to install (apt line, KDIR=)" \
	bash -c 'grep -q "apt-get install linux-headers-" "$1" && grep -q "KDIR=" "$1"' _ "$tmp/plain.log"
if make --no-print-directory BUILD="$tmp/plain" KDIR="$tmp/no-kdir" module \
	>"$tmp/module.log" 2>&1; then
	not_ok "make module without a kernel build dir fails" "$tmp/module.log"
else
	check "make module without a kernel build dir fails, naming KDIR" \
		grep -q "no kernel build dir at $tmp/no-kdir" "$tmp/module.log"
fi
scripts/deps.sh --list demo >"$tmp/deps-demo" 2>&1
check "deps for make demo: headers, qemu-system-x86, busybox-static, libnl, a compiler" \
	bash -c 'for p in linux-headers-amd64 qemu-system-x86 busybox-static \
		libnl-genl-3-dev build-essential; do grep -qx "$p" "$1" || exit 1; done' _ "$tmp/deps-demo"
check "deps for make demo: no clang, cross compiler, arm64, linux-source or multilib" \
	bash -c '! grep -Eq "clang|aarch64|qemu-system-arm|:arm64|linux-source|multilib|sparse" "$1"' \
	_ "$tmp/deps-demo"
make -n --no-print-directory demo BUILD="$tmp/dry" >"$tmp/demo-n.log" 2>&1 || true
check "make demo runs deps.sh demo first, and no other group" \
	bash -c 'grep -m1 "scripts/deps.sh" "$1" | grep -qx "scripts/deps.sh demo" &&
		[ "$(grep -c "scripts/deps.sh" "$1")" = 1 ]' _ "$tmp/demo-n.log"

if [ "$skipped" -gt 0 ]; then
	echo "install: $pass passed, $fail failed, $skipped skipped"
else
	echo "install: $pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
