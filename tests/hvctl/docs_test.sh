#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Holds the man page and the bash completion to hvctl's own help, so that
# they cannot drift from it again: for every command of `hvctl help`,
#  - the man page has an entry whose first line is the command's usage
#    line ("Usage: hvctl ..." of `hvctl help COMMAND`), and the entry
#    names every option the help lists, and no other;
#  - the completion offers exactly those options after the command (and
#    --help), and the global options of `hvctl help` before any command;
#  - the completion's creation flags, compatibility versions and
#    properties (all for get-property, the settable ones for
#    set-property) are those `hvctl help create` and `hvctl help
#    get-property` list, and the man page's FLAGS lists every flag.
#
#	tests/hvctl/docs_test.sh PATH/TO/hvctl [MAN_PAGE [COMPLETION]]
#
# MAN_PAGE and COMPLETION default to tools/hvctl's.  Prints "ok - NAME" or
# "not ok - NAME" per case, then "docs: N passed, N failed"; exits non-zero
# when a case failed.  Needs groff (groff-base) to read the man page.

set -u

if [ $# -lt 1 ] || [ $# -gt 3 ] || [ ! -x "$1" ]; then
	echo "usage: $0 PATH/TO/hvctl [MAN_PAGE [COMPLETION]]" >&2
	exit 2
fi
top=$(cd "$(dirname "$0")/../.." && pwd)
HVCTL=$1
MAN=${2:-$top/tools/hvctl/hvctl.8}
COMP=${3:-$top/tools/hvctl/hvctl.bash-completion}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

passed=0
failed=0

ok() {
	echo "ok - $1"
	passed=$((passed + 1))
}

# not_ok NAME WHY
not_ok() {
	echo "not ok - $1"
	echo "#   $2"
	failed=$((failed + 1))
}

# same NAME WANT GOT: passes when the two word lists hold the same words.
same() {
	local want got

	want=$(tr -s ' \n' '\n' <<<"$2" | sed '/^$/d' | sort -u)
	got=$(tr -s ' \n' '\n' <<<"$3" | sed '/^$/d' | sort -u)
	if [ "$want" = "$got" ]; then
		ok "$1"
	else
		not_ok "$1" "missing: $(comm -23 <(echo "$want") <(echo "$got") |
			tr '\n' ' ')extra: $(comm -13 <(echo "$want") \
			<(echo "$got") | tr '\n' ' ')"
	fi
}

# The commands, from `hvctl help` ("Commands:" up to a blank line).
commands() {
	"$HVCTL" help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

# options TEXT: the options an option list of a help text defines: the
# leading "-x, --long" or "--long" of its lines that start "  -".
options() {
	sed -n 's/^  \(-[a-zA-Z]\), \(--[a-z][a-z0-9-]*\).*/\1 \2/p; t
		s/^  \(--\{0,1\}[a-zA-Z][a-z0-9-]*\).*/\1/p' <<<"$1"
}

# short_forms TEXT: the option list of TEXT (a help text), with each long
# option that has a short one written as the short one: the man page may
# name either.
short_forms() {
	local map

	map=$(sed -n 's/^  \(-[a-zA-Z]\), \(--[a-z][a-z0-9-]*\).*/s|^\2$|\1|/p' \
		<<<"$1")
	tr -s ' ' '\n' | sed "$map"
}

# mentioned TEXT: every option named in TEXT.
mentioned() {
	grep -oE '(^|[][ (|,])(--[a-z][a-z0-9-]*|-[a-zA-Z])([] ),.:;]|$)' \
		<<<"$1" | sed 's/^[][ (|,]//; s/[] ),.:;]$//'
}

# complete WORD...: what the completion offers for the last WORD.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_hvctl; printf "%s\n" "${COMPREPLY[@]}"' _ "$COMP" "$@"
}

# completion_var NAME: a variable of the completion, words one a line.
completion_var() {
	bash -c '. "$1"; printf "%s\n" ${!2}' _ "$COMP" "$1"
}

if ! command -v groff >/dev/null; then
	not_ok "groff renders the man page" "no groff: apt-get install groff-base"
	echo "docs: $passed passed, $failed failed"
	exit 1
fi
# Plain ASCII ('-' stays '-'), lines wide enough that no entry wraps.
groff -man -Tascii -P-c -rLL=300n "$MAN" 2>/dev/null |
	sed 's/.\x08//g' >"$TMP/man.txt"

# man_section HEADING: the lines of a man page section.
man_section() {
	sed -n "/^$1\$/,/^[A-Z]/{/^[A-Z]/d;p;}" "$TMP/man.txt"
}

# man_entry CMD: the entry of CMD under COMMANDS: its first line at the
# entry indent (7), then every line indented deeper.
man_entry() {
	man_section COMMANDS | awk -v cmd="$1" '
		inside && NF && match($0, /^ */) && RLENGTH <= 7 { exit }
		inside { print; next }
		substr($0, 1, 7) == "       " && substr($0, 8, 1) != " " &&
		($8 == cmd || index(substr($0, 8), cmd " ") == 1) {
			inside = 1; print
		}'
}

cmds=$(commands)
if [ -z "$cmds" ]; then
	not_ok "hvctl help lists the commands" "no Commands: in hvctl help"
fi

# The global options: `hvctl help`, the man page's OPTIONS, the completion.
global=$(options "$("$HVCTL" help | sed -n '/^Global options:/,/^$/p')")
same "man OPTIONS names the global options of hvctl help" "$global" \
	"$(mentioned "$(man_section OPTIONS | grep -E '^ {7}[^ ]')")"
same "the completion offers the global options of hvctl help" "$global" \
	"$(complete_words hvctl -)"

for c in $cmds; do
	help=$("$HVCTL" help "$c" 2>&1)
	entry=$(man_entry "$c")
	if [ -z "$entry" ]; then
		not_ok "man page has an entry for $c" "no line '       $c ...' under COMMANDS"
		continue
	fi
	# help's usage is the global one; the others have their own.
	if [ "$c" != help ]; then
		usage=$(sed -n "s/^Usage: hvctl \($c\( .*\)\{0,1\}\)\$/\1/p" <<<"$help")
		if [ -n "$usage" ] && [ "$(head -n 1 <<<"$entry" | sed 's/^ *//')" = "$usage" ]; then
			ok "man entry of $c starts with its usage: $usage"
		else
			not_ok "man entry of $c starts with its usage" \
				"help: '$usage', man: '$(head -n 1 <<<"$entry" | sed 's/^ *//')'"
		fi
		opts=$(options "$help")
	else
		opts=""
	fi
	same "man entry of $c names the options of hvctl help $c" \
		"$(short_forms "$help" <<<"$opts")" \
		"$(mentioned "$entry" | short_forms "$help")"
	# --help and -h: every command takes them, no help lists them.
	same "the completion offers the options of hvctl help $c" \
		"$opts --help" \
		"$(complete_words hvctl "$c" - | grep -vx -- -h)"
done

# Names the completion offers from lists of its own.
create=$("$HVCTL" help create)
flags=$(sed -n '/^Creation flags:/,/^$/s/^  \([A-Z0-9_]*\) .*/\1/p' <<<"$create")
same "the completion's creation flags are those of hvctl help create" \
	"$(tr 'A-Z_' 'a-z-' <<<"$flags")" "$(completion_var _hvctl_flags)"
same "the completion's compatibility versions are those of hvctl help create" \
	"$(sed -n '/^Compatibility versions:/,/^$/s/^  \([A-Za-z0-9_]*\) .*/\1/p' \
		<<<"$create" | tr 'A-Z_' 'a-z-')" "$(completion_var _hvctl_compat)"
props=$("$HVCTL" help get-property | sed -n '/^Properties/,/^$/p')
same "the completion's properties are those of hvctl help get-property" \
	"$(sed -n 's/^  \([A-Z0-9_]*\) .*/\1/p' <<<"$props" | tr 'A-Z_' 'a-z-')" \
	"$(completion_var _hvctl_properties)"
same "the completion's set-property properties are the early ones" \
	"$(sed -n 's/^  \([A-Z0-9_]*\) .*early.*/\1/p' <<<"$props" | tr 'A-Z_' 'a-z-')" \
	"$(completion_var _hvctl_properties_settable)"
missing=""
for f in $flags; do
	man_section FLAGS | grep -qw -- "$f" || missing+=" $f"
done
if [ -z "$missing" ]; then
	ok "man FLAGS lists every creation flag of hvctl help create"
else
	not_ok "man FLAGS lists every creation flag of hvctl help create" \
		"missing:$missing"
fi

# The completion's behaviour where it went wrong before.
same "completion: property names in lower case" \
	"processor-features0 processor-features1" \
	"$(complete_words hvctl get-property 1 processor-f)"
same "completion: property names in upper case once typed so" \
	"PROCESSOR_FEATURES0 PROCESSOR_FEATURES1" \
	"$(complete_words hvctl get-property 1 PROCESSOR_F)"
same "completion: set-property offers no read-only property" \
	"synthetic-proc-features processor-xsave-features processor-features0 processor-features1" \
	"$(complete_words hvctl set-property 1 "")"
same "completion: --device=PATH (split at '=') before the command" \
	"set-property show" \
	"$(complete_words hvctl --device = /dev/x s)"
same "completion: --device=PATH (one word) before the command" \
	"set-property show" "$(complete_words hvctl --device=/dev/x s)"
same "completion: --device=PATH after the command, then the options" \
	"$(options "$("$HVCTL" help cpuid)") --help" \
	"$(complete_words hvctl cpuid --device = /dev/x - | grep -vx -- -h)"

echo "docs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
