#!/usr/bin/env bash
# The test command: sets up what is missing, checks formatting, runs every test project of the solution
# against throwaway PostgreSQL clusters, and ends with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

bash build/setup.sh
dotnet restore CaseFlow.sln
dotnet build CaseFlow.sln --no-restore -c Debug
dotnet format CaseFlow.sln --verify-no-changes --no-restore

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test CaseFlow.sln --no-build -c Debug 2>&1 | tee "$log" || status=$?

# Each test assembly prints "Passed!/Failed! - Failed: F, Passed: P, Skipped: S, Total: T"; add them up.
sum() { grep -Eo "$1: +[0-9]+" "$log" | awk '{ s += $2 } END { print s + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ]; then
  echo "no test ran"; exit 1
fi
exit "$status"
