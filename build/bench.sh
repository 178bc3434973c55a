#!/usr/bin/env bash
# The engine benchmark (docs/BENCHMARKS.md): installs the npm peer (bpmn-engine) from its lock file and runs
#   dotnet run -c Release --project tests/CaseFlow.Benchmarks -- engine [options]
# Options go through, e.g. `bash build/bench.sh --instances 2000 --clients 8`; `bash build/bench.sh micro` runs the
# BenchmarkDotNet micro-benchmarks instead, and `bash build/bench.sh scheduler [options]` the alert scheduler against
# pg-boss (issue 5), and `bash build/bench.sh dashboards [options]` the supervisor dashboards' queries with a million
# cases (no npm peer). Not part of CI (.ci/run): figures on shared machines are for people.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

bash build/setup.sh
verb=engine
if [ "${1:-}" = "micro" ] || [ "${1:-}" = "engine" ] || [ "${1:-}" = "scheduler" ] || [ "${1:-}" = "dashboards" ]; then
  verb=$1
  shift
fi

if [ "$verb" = "engine" ] || [ "$verb" = "scheduler" ]; then
  command -v node >/dev/null || { echo "node (20+) is needed for the npm peers (bpmn-engine, pg-boss); or pass --no-peer"; exit 1; }
  (cd tests/CaseFlow.Benchmarks/peer && npm ci --no-audit --no-fund)
fi

dotnet run -c Release --project tests/CaseFlow.Benchmarks -- "$verb" "$@"
