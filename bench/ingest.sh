#!/usr/bin/env bash
# Ingest benchmark: imports 1,000,000 observation rows through the host's import command and prints rows/s and
# peak memory, against PostgreSQL's raw COPY of the same file measured in the same run.
#   bench/ingest.sh [--rows N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/services.sh start
eval "$(scripts/services.sh env)"
dotnet build SolarSync.Host/SolarSync.Host.csproj -c Release -o .local/bench/host -v quiet -nologo
dotnet run -c Release --project bench/SolarSync.Bench -- ingest --host-dll "$ROOT/.local/bench/host/SolarSync.Host.dll" "$@"
