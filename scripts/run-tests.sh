#!/usr/bin/env bash
# Usage: scripts/run-tests.sh [extra `dotnet test` arguments...]
#
# Builds the solution once, runs every test project with a TRX logger into
# .local/test-results/ (cleaned first), and ends with the one line of
# scripts/test-summary.sh: "N passed, N failed, N skipped". Exits non-zero when
# the build failed, a test failed, or no test ran. The settings (.env) are
# expected in the environment already (`make test` runs this through
# scripts/with-env.sh after starting the services).
#
# SOLUTION overrides the solution file (default: EventChat.sln, else EventChat.slnx).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

if [[ -z ${SOLUTION:-} ]]; then
    SOLUTION=EventChat.sln
    [[ ! -f $SOLUTION && -f EventChat.slnx ]] && SOLUTION=EventChat.slnx
fi
RESULTS="$ROOT/.local/test-results"
SUMMARY="$ROOT/.local/test-summary.txt"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rm -rf "$RESULTS" "$SUMMARY"
mkdir -p "$RESULTS"

rc=0
echo "test: dotnet build $SOLUTION"
dotnet build "$SOLUTION" 2>&1 | tee "$RESULTS/build.log" || rc=$?

if (( rc == 0 )); then
    echo "test: dotnet test $SOLUTION (results in .local/test-results/)"
    # A single test that hangs for 10 minutes is killed and reported as failed,
    # instead of holding the run until CI's time limit.
    dotnet test "$SOLUTION" --no-build \
        --logger "trx;LogFilePrefix=eventchat" \
        --results-directory "$RESULTS" \
        --blame-hang-timeout 10m --blame-hang-dump-type none \
        "$@" 2>&1 | tee "$RESULTS/dotnet-test.log" || rc=$?
else
    echo "test: build failed (exit code $rc); no test was run" >&2
fi

"$ROOT/scripts/test-summary.sh" --exit-code "$rc" --log "$RESULTS/dotnet-test.log" --trx-dir "$RESULTS" \
    | tee "$SUMMARY"
exit "${PIPESTATUS[0]}"
