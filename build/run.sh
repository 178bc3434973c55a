#!/usr/bin/env bash
# The run command: sets up what is missing, then runs CaseFlow. With no ConnectionStrings__CaseFlow it starts an
# embedded PostgreSQL with its data under .caseflow/ and stops it when CaseFlow stops. Extra arguments go to the Host
# (e.g. `bash build/run.sh --urls http://0.0.0.0:8080`, or a verb: `bash build/run.sh seed`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash build/setup.sh
exec dotnet run --project src/CaseFlow.Host -- "$@"
