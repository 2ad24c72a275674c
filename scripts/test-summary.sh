#!/usr/bin/env bash
# Usage: scripts/test-summary.sh [--exit-code N] [--log FILE] [--trx-dir DIR]... [FILE.trx]...
#
# Prints ONE line with the sums over every test project,
#     N passed, N failed, N skipped
# as the last line of its output, and exits non-zero when a test failed, when
# --exit-code is non-zero (the build or `dotnet test` failed), or when no test
# result was found at all.
#
# Sources, in order of preference:
#   1. TRX files (`dotnet test --logger trx --results-directory DIR`): the
#      <Counters> element of each file. passed = passed; failed = failed + error
#      + timeout + aborted; skipped = total - executed (VSTest counts skipped
#      tests as not executed). A run whose outcome is Failed/Aborted/Error with
#      no failed test (the test host crashed) counts as 1 failed.
#   2. The console log of `dotnet test` (--log): the per-project lines
#      "Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, ..."
#      "Failed!  - Failed:     1, Passed:    11, Skipped:     0, Total:    12, ..."
#      and, when there is none, the terminal logger's
#      "Test summary: total: N, failed: N, succeeded: N, skipped: N, ...".
# TRX files are used when there are at least as many of them as per-project
# console lines (a TRX file that was overwritten or never written would lose a
# project); otherwise the console lines are used.
set -euo pipefail

exit_code=0
log_file=
trx_files=()

while (( $# )); do
    case $1 in
        --exit-code) exit_code=${2:?}; shift 2 ;;
        --log) log_file=${2:?}; shift 2 ;;
        --trx-dir)
            if [[ -d ${2:?} ]]; then
                while IFS= read -r -d '' f; do trx_files+=("$f"); done \
                    < <(find "$2" -type f -name '*.trx' -print0 | sort -z)
            fi
            shift 2 ;;
        -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        -*) echo "test-summary: unknown option $1" >&2; exit 2 ;;
        *) trx_files+=("$1"); shift ;;
    esac
done

# attr NAME TEXT: value of NAME="digits" in TEXT, 0 when absent
attr() {
    if [[ $2 =~ [[:space:]]$1=\"([0-9]+)\" ]]; then
        printf '%s' "${BASH_REMATCH[1]}"
    else
        printf '0'
    fi
}

# --- TRX ---------------------------------------------------------------------
trx_n=0 trx_passed=0 trx_failed=0 trx_skipped=0
for f in "${trx_files[@]}"; do
    [[ -f $f ]] || continue
    counters=$(grep -o '<Counters [^>]*>' "$f" | head -n 1 || true)
    if [[ -z $counters ]]; then
        echo "test-summary: $f has no <Counters> element (test run aborted?)" >&2
        continue
    fi
    total=$(attr total "$counters")
    executed=$(attr executed "$counters")
    failed=$(( $(attr failed "$counters") + $(attr error "$counters") \
        + $(attr timeout "$counters") + $(attr aborted "$counters") ))
    # A test host that crashed leaves outcome="Failed" (or Aborted/Error) with no
    # failed test counted: count the crash as one failure.
    outcome=$(grep -o '<ResultSummary [^>]*outcome="[A-Za-z]*"' "$f" | head -n 1 | sed 's/.*outcome="//; s/"$//' || true)
    if (( failed == 0 )) && [[ $outcome =~ ^(Failed|Aborted|Error|Timeout)$ ]]; then
        echo "test-summary: $(basename "$f"): test run $outcome without a failed test (test host crashed?); counted as 1 failed" >&2
        failed=1
    fi
    trx_n=$((trx_n + 1))
    trx_passed=$((trx_passed + $(attr passed "$counters")))
    trx_failed=$((trx_failed + failed))
    (( total > executed )) && trx_skipped=$((trx_skipped + total - executed))
done

# --- console -----------------------------------------------------------------
con_n=0 con_passed=0 con_failed=0 con_skipped=0
sum_n=0 sum_passed=0 sum_failed=0 sum_skipped=0
if [[ -n $log_file && -f $log_file ]]; then
    re_project='(Passed|Failed)!? *- *Failed: *([0-9]+), *Passed: *([0-9]+), *Skipped: *([0-9]+), *Total: *([0-9]+)'
    re_summary='Test summary: *total: *([0-9]+), *failed: *([0-9]+), *succeeded: *([0-9]+), *skipped: *([0-9]+)'
    while IFS= read -r line; do
        line=${line//$'\r'/}
        # drop ANSI colour codes
        # shellcheck disable=SC2001
        line=$(sed 's/\x1b\[[0-9;]*[A-Za-z]//g' <<<"$line")
        if [[ $line =~ $re_project ]]; then
            con_n=$((con_n + 1))
            con_failed=$((con_failed + BASH_REMATCH[2]))
            con_passed=$((con_passed + BASH_REMATCH[3]))
            con_skipped=$((con_skipped + BASH_REMATCH[4]))
        elif [[ $line =~ $re_summary ]]; then
            sum_n=$((sum_n + 1))
            sum_failed=$((sum_failed + BASH_REMATCH[2]))
            sum_passed=$((sum_passed + BASH_REMATCH[3]))
            sum_skipped=$((sum_skipped + BASH_REMATCH[4]))
        fi
    done < <(grep -E 'Failed: *[0-9]+, *Passed:|Test summary:' "$log_file" || true)
fi

# --- choose ------------------------------------------------------------------
if (( trx_n > 0 && trx_n >= con_n )); then
    passed=$trx_passed failed=$trx_failed skipped=$trx_skipped found=$trx_n
elif (( con_n > 0 )); then
    (( trx_n > 0 )) && echo "test-summary: $trx_n TRX file(s) for $con_n test project(s); using the console lines" >&2
    passed=$con_passed failed=$con_failed skipped=$con_skipped found=$con_n
elif (( sum_n > 0 )); then
    passed=$sum_passed failed=$sum_failed skipped=$sum_skipped found=$sum_n
else
    passed=0 failed=0 skipped=0 found=0
fi

rc=0
if (( exit_code != 0 )); then
    if (( found == 0 )); then
        echo "test-summary: FAILED: the build or dotnet test failed (exit code $exit_code) before any test ran" >&2
    elif (( failed == 0 )); then
        echo "test-summary: FAILED: dotnet test exited with code $exit_code" >&2
    fi
    rc=1
elif (( found == 0 || passed + failed + skipped == 0 )); then
    echo "test-summary: FAILED: no test results found" >&2
    rc=1
fi
(( failed > 0 )) && rc=1

echo "$passed passed, $failed failed, $skipped skipped"
exit $rc
