#!/usr/bin/env bash
# Fuzzes hailong's parsers with libFuzzer: installs what is missing, builds the fuzz targets of
# tests/fuzz with clang, AddressSanitizer and UndefinedBehaviorSanitizer in build/fuzz, and runs
# each for a while over a scratch copy of its seed corpus (tests/fuzz/corpus/<name>/ is never
# written to). Prints, per target, the runs, executions per second, coverage (libFuzzer's cov:
# and ft:), the corpus size and the crashes; exits 1 if any target crashed, leaked, timed out or
# broke a check, 2 for a usage error.
#
#   bash scripts/fuzz.sh [--seconds N] [NAME...]
#
#   --seconds N  how long each target runs (default 20)
#   NAME         the targets to run (default: every target tests/fuzz/CMakeLists.txt defines),
#                e.g. tracking_code_fuzz rfc3339_fuzz
#
# Per target, build/fuzz/fuzz-runs/<name>/ holds the log, the corpus the run ended with, and the
# input of a crash (crash-*, leak-*, timeout-*, oom-*). Replay one with the target program:
#   build/fuzz/tests/fuzz/<name> build/fuzz/fuzz-runs/<name>/crash-...
# Once the bug is fixed, copy the input into tests/fuzz/corpus/<name>/: the ordinary test run
# (scripts/test.sh) replays every file there ("fuzz: <name> replays its corpus").
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=20
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) [ $# -ge 2 ] || { echo "fuzz: --seconds needs a number" >&2; exit 2; }; seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#*=}"; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
case "$seconds" in
  ''|*[!0-9]*|0) echo "fuzz: --seconds wants a whole number of seconds above 0, not '$seconds'" >&2; exit 2 ;;
esac

started=$(date +%s)
bash scripts/install-deps.sh

build=build/fuzz
# RelWithDebInfo: optimised for speed, with line numbers in the stacks. The fuzz targets check
# with their own HAILONG_FUZZ_CHECK, not assert(), so NDEBUG takes nothing away.
mkdir -p "$build"
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DHAILONG_FUZZERS=ON -DHAILONG_SANITIZERS=address,undefined >"$build/configure.log" 2>&1 || {
  cat "$build/configure.log" >&2
  exit 1
}

# What there is to run: name, max_len, program, corpus (written by tests/fuzz/CMakeLists.txt).
manifest="$build/tests/fuzz/fuzzers.txt"
declare -A max_len_of program_of corpus_of
known=()
while IFS=$'\t' read -r name max_len program corpus; do
  [ -n "$name" ] || continue
  known+=("$name")
  max_len_of[$name]=$max_len
  program_of[$name]=$program
  corpus_of[$name]=$corpus
done <"$manifest"
if [ ${#names[@]} -eq 0 ]; then
  names=("${known[@]}")
fi
for name in "${names[@]}"; do
  if [ -z "${program_of[$name]:-}" ]; then
    echo "fuzz: no target named $name; there are: ${known[*]}" >&2
    exit 2
  fi
  if [ ! -d "${corpus_of[$name]}" ]; then
    echo "fuzz: $name has no seed corpus: add a few small inputs to ${corpus_of[$name]}/" >&2
    exit 2
  fi
done

# Only the fuzz programs and the libraries they link: the kiosk's window and the servers'
# programs are not needed here.
cmake --build "$build" -j2 --target "${names[@]}"
built=$(date +%s)

export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

failed=0
rows=()
for name in "${names[@]}"; do
  run="$build/fuzz-runs/$name"
  rm -rf "$run"
  mkdir -p "$run/corpus"
  cp -R "${corpus_of[$name]}/." "$run/corpus/"
  seeds=$(find "$run/corpus" -type f | wc -l)
  dict=()
  if [ -f "tests/fuzz/dict/$name.dict" ]; then dict=("-dict=tests/fuzz/dict/$name.dict"); fi

  echo "fuzz: $name for ${seconds} s (max_len ${max_len_of[$name]}, ${seeds} seeds)"
  status=0
  "${program_of[$name]}" -max_total_time="$seconds" -max_len="${max_len_of[$name]}" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$run/" "${dict[@]}" "$run/corpus" \
    >"$run/log" 2>&1 || status=$?

  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$run/log" | tail -1)
  per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$run/log" | tail -1)
  status_line=$(grep -E '^#[0-9]+.*cov: ' "$run/log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$status_line")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$status_line")
  corpus_end=$(find "$run/corpus" -type f | wc -l)
  artifacts=$(find "$run" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \) | sort)
  crashes=$(grep -c . <<<"$artifacts" || true)
  # A sanitizer report or a failed check without an artifact (or a libFuzzer that stopped
  # early for another reason) counts too.
  if [ "$crashes" -eq 0 ] && { [ "$status" -ne 0 ] ||
       grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|fuzz check failed' "$run/log"; }; then
    crashes=1
  fi
  rows+=("$(printf '%-24s %8s %12s %9s %7s %8s %7s -> %-7s %s' "$name" "$seconds" "${runs:-?}" "${per_second:-?}" \
    "${cov:-?}" "${ft:-?}" "$seeds" "$corpus_end" "$crashes")")
  if [ "$crashes" -ne 0 ]; then
    failed=1
    echo "fuzz: $name FAILED (exit status $status); log: $run/log" >&2
    grep -m1 -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|fuzz check failed|deadly signal' "$run/log" >&2 || true
    for a in $artifacts; do echo "fuzz:   input: $a" >&2; done
  fi
done

finished=$(date +%s)
echo
printf '%-24s %8s %12s %9s %7s %8s %18s %s\n' target seconds runs exec/s cov ft "corpus start -> end" crashes
for row in "${rows[@]}"; do echo "$row"; done
echo
echo "fuzz: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1); install, configure and build $((built - started)) s, fuzzing $((finished - built)) s, $((finished - started)) s in all"
if [ "$failed" -ne 0 ]; then
  echo "fuzz: FAILED: a target crashed, leaked, timed out or broke a check (see above)" >&2
  exit 1
fi
echo "fuzz: no crashes"
