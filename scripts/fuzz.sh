#!/usr/bin/env bash
# Runs libFuzzer harnesses (make fuzz): each for FUZZ_SECONDS (default 60), starting from its
# seed corpus tests/fuzz/corpus/NAME. New inputs go to BUILD/fuzz-corpus/NAME (kept between
# runs), the full log to BUILD/fuzz-NAME.log, a crashing input to BUILD/fuzz-crashes/NAME-*.
# Prints one summary line per harness; exits 1 when any crashed.
# Usage: scripts/fuzz.sh BUILD-DIR NAME...
set -uo pipefail
cd "$(dirname "$0")/.."

build=$1
shift
seconds=${FUZZ_SECONDS:-60}
export ASAN_OPTIONS=abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
failed=()
for name in "$@"; do
  corpus=$build/fuzz-corpus/$name
  log=$build/fuzz-$name.log
  mkdir -p "$corpus" "$build/fuzz-crashes"
  "$build/tests/fuzz/${name}_fuzz" -max_total_time="$seconds" -timeout=25 -print_final_stats=1 \
    -artifact_prefix="$build/fuzz-crashes/$name-" "$corpus" "tests/fuzz/corpus/$name" >"$log" 2>&1
  status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | head -1)
  coverage=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  echo "$name: exit $status, ${runs:-?} runs in ${seconds} s, ${coverage:-no coverage line}, corpus $(ls "$corpus" | wc -l) files"
  if [ "$status" -ne 0 ]; then
    failed+=("$name")
    grep -E '^(==[0-9]+==ERROR|SUMMARY|fuzz: property|artifact_prefix|Test unit written)' "$log" | head -5
  fi
done
if ((${#failed[@]})); then
  echo "fuzz: crashed: ${failed[*]} (logs in $build/fuzz-NAME.log)"
  exit 1
fi
