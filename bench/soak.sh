#!/usr/bin/env bash
# Soak test: the host (Release, fresh database solarsync_soak, a Mosquitto of its own) under mixed load for --minutes
# (10): cached and uncached forecasts of the demo plants (6 a second), a meter CSV import of 24 known hours every 10 s,
# QoS 1 telemetry from the demo plants' devices (4 readings a second) and one wind retrain half-way. Prints requests by
# status class, rows sent against rows stored (imports and telemetry, counted in the database afterwards), the host's
# resident memory every 10 s, and PASS/FAIL for: zero 5xx, zero lost rows, memory max/min <= 1.10 after the warm-up
# (the first 20 %), the retrain finished. Exits non-zero on a FAIL.
#   bench/soak.sh [--minutes 10] [--port N] [--database NAME]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/services.sh status >/dev/null 2>&1 || scripts/services.sh start
eval "$(scripts/services.sh env)"
command -v mosquitto >/dev/null || { echo "soak: mosquitto is not installed (scripts/services.sh start installs it)" >&2; exit 1; }
export OMP_WAIT_POLICY=passive  # OpenMP workers sleep while they wait (deploy/solarsync.service)
export MALLOC_ARENA_MAX=2       # as the service runs: two glibc arenas (deploy/solarsync.service)
dotnet build SolarSync.Host/SolarSync.Host.csproj -c Release -o .local/bench/host -v quiet -nologo
dotnet run -c Release --project bench/SolarSync.Bench -- soak --host-dll "$ROOT/.local/bench/host/SolarSync.Host.dll" "$@"
