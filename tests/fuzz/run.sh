#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libFuzzer over lib/: builds tests/fuzz/fuzz_codec.c with ASan and UBSan
# into build/fuzz, checks that the committed seed corpus is what
# make_corpus.py writes, replays every seed, then fuzzes a scratch copy of
# the corpus for a bounded time.
#
#	tests/fuzz/run.sh
#
# Environment:
#	FUZZ_SECONDS  how long to fuzz (default 60)
#	FUZZ_LIB      the lib/ folder to build against (default lib); point it
#	              at a copy to try the fuzzer on a planted bug
#	FUZZ_CC       the compiler (default clang)
#
# Prints "ok - NAME" or "not ok - NAME" per check, then
# "fuzz: N passed, N failed"; exits non-zero when a check failed.  A crash
# leaves its reproducer in build/fuzz/artifacts and names it.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
seconds=${FUZZ_SECONDS:-60}
lib=${FUZZ_LIB:-$top/lib}
cc=${FUZZ_CC:-clang}
out=$top/build/fuzz
bin=$out/fuzz_codec
seeds=$top/tests/fuzz/corpus
scratch=$out/corpus
artifacts=$out/artifacts
max_len=2048
pass=0
fail=0

ok() {
	echo "ok - $*"
	pass=$((pass + 1))
}

not_ok() {
	echo "not ok - $*"
	fail=$((fail + 1))
}

finish() {
	echo "fuzz: $pass passed, $fail failed"
	if [ "$fail" -eq 0 ]; then
		exit 0
	fi
	exit 1
}

# indent FILE [LINES]: the end of a log, indented.
indent() {
	tail -n "${2:-20}" "$1" | sed 's/^/    /'
}

# why LOG: what a crash report says in a few lines.
why() {
	{ grep -E 'invariant violated|ERROR: |runtime error|SUMMARY' "$1" || true; } |
		head -n 10 | sed 's/^/    /'
}

# reproducer LOG: the input libFuzzer saved for a crash, if any.
reproducer() {
	sed -n 's/.*Test unit written to //p' "$1" | tail -n 1
}

rm -rf "$scratch" "$out/corpus.gen"
mkdir -p "$out" "$artifacts"

# 1. Build.  -fno-sanitize-recover makes every UBSan report a crash.
if ! command -v "$cc" >/dev/null; then
	not_ok "build: $cc not found (scripts/deps.sh installs clang and libclang-rt-14-dev)"
	finish
fi
if "$cc" -g -O1 -std=gnu11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Werror \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I"$top/uapi" -I"$lib" \
	tests/fuzz/fuzz_codec.c "$lib"/hvpart_*.c -o "$bin" \
	>"$out/build.log" 2>&1; then
	ok "build fuzz_codec ($cc -fsanitize=fuzzer,address,undefined, lib: ${lib#"$top"/})"
else
	not_ok "build fuzz_codec with $cc and libFuzzer"
	indent "$out/build.log"
	finish
fi

# 2. The committed corpus is the one make_corpus.py writes.
nseeds=$(find "$seeds" -type f | wc -l)
if python3 tests/fuzz/make_corpus.py "$out/corpus.gen" >/dev/null 2>"$out/gen.log" &&
	diff -r "$seeds" "$out/corpus.gen" >"$out/gen.diff" 2>&1; then
	ok "seed corpus is make_corpus.py's ($nseeds seeds)"
else
	not_ok "seed corpus differs from make_corpus.py's output (rerun it and commit)"
	cat "$out/gen.log" "$out/gen.diff" | head -n 20 | sed 's/^/    /' || true
fi

# 3. Replay every seed; none may trip an invariant or a sanitizer.
cp -r "$seeds" "$scratch"
if "$bin" -runs=0 -artifact_prefix="$artifacts/" "$scratch" \
	>"$out/replay.log" 2>&1 &&
	grep -q "seed corpus: files: $nseeds " "$out/replay.log"; then
	ok "all $nseeds seeds replay cleanly"
else
	crash=$(reproducer "$out/replay.log")
	seed=
	if [ -n "$crash" ]; then
		for f in "$seeds"/*; do
			if cmp -s "$f" "$crash"; then
				seed=${f#"$top"/}
				break
			fi
		done
	fi
	not_ok "seed replay failed${seed:+ on $seed}${crash:+: reproducer $crash}"
	if [ -n "$crash" ]; then
		why "$out/replay.log"
	else
		indent "$out/replay.log"
	fi
	finish
fi

# 4. Fuzz for a bounded time from the scratch copy, so the committed
#    corpus never grows.
if ! [[ $seconds =~ ^[0-9]+$ ]] || [ "$seconds" -eq 0 ]; then
	not_ok "FUZZ_SECONDS=$seconds is not a positive number of seconds"
	finish
fi
rc=0
start=$SECONDS
timeout $((seconds + 300)) "$bin" -max_total_time="$seconds" -timeout=5 \
	-max_len=$max_len -use_value_profile=1 -print_final_stats=1 \
	-artifact_prefix="$artifacts/" "$scratch" >"$out/fuzz.log" 2>&1 || rc=$?
elapsed=$((SECONDS - start))
crash=$(reproducer "$out/fuzz.log")
if [ "$rc" -eq 0 ] && [ -z "$crash" ]; then
	ok "fuzzing for ${seconds}s found no crash"
elif [ -n "$crash" ]; then
	not_ok "fuzzing found a crash: reproducer $crash (replay: $bin $crash)"
	why "$out/fuzz.log"
else
	not_ok "fuzzer exited with status $rc and no reproducer"
	indent "$out/fuzz.log"
fi

# 5. How much it ran: the final stats, or the last status line on a crash.
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log" | tail -n 1)
[ -n "$runs" ] || runs=$(sed -nE 's/^#([0-9]+)\t.*/\1/p' "$out/fuzz.log" | tail -n 1)
secs=$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$out/fuzz.log" | tail -n 1)
corp=$(find "$scratch" -type f | wc -l)
if [ -n "$runs" ] && [ "$runs" -gt 0 ]; then
	secs=${secs:-$elapsed}
	[ "$secs" -gt 0 ] || secs=1
	ok "fuzzing ran $runs executions in ${secs}s ($((runs / secs)) exec/s), corpus $nseeds -> $corp inputs"
else
	not_ok "fuzzing reported no executions"
fi

finish
