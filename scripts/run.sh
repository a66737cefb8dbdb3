#!/usr/bin/env bash
# Runs SolarSync locally with the demo plants on http://127.0.0.1:5080 (works offline).
# Starts PostgreSQL/Redis/Mosquitto (installing them with apt if missing), builds, applies migrations and
# registers a demo solar and a demo wind site. Ctrl-C stops the host and the services it started.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Stop on exit only the services this run started.
if ! scripts/services.sh status >/dev/null 2>&1; then
  trap '"$ROOT/scripts/services.sh" stop' EXIT
fi
scripts/services.sh start
eval "$(scripts/services.sh env)"

# A local admin key, made once and kept in .local/ (git-ignored); only its hash is given to the host.
if [ ! -s .local/admin.key ]; then
  head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > .local/admin.key
  chmod 600 .local/admin.key
fi
ADMIN_KEY="$(cat .local/admin.key)"
export Auth__ApiKeys__localadmin__Sha256="$(printf '%s' "$ADMIN_KEY" | sha256sum | cut -d' ' -f1)"
export Auth__ApiKeys__localadmin__Role=admin
# The demo's read API answers without a key, so the curl lines below work as they are; a real install keeps the
# default (Auth:AnonymousReads=false): reads need a reader or admin key.
export Auth__AnonymousReads=true
export Sites__SeedDemoSites=true
# One MQTT device per demo plant; scripts/demo-device.sh publishes their telemetry.
export Devices__SeedDemoDevices=true
# Offline demo: a year of simulated history and a simulated weather forecast for the demo plants at start-up.
export Collection__BackfillAtStartup=true
export Collection__InitialHistoryDays="${Collection__InitialHistoryDays:-365}"
# The demo trains its Production models at first start (a few minutes) when the model store has none.
export Training__TrainAtStartupWhenMissing=true
export Models__Path="$ROOT/models"
# OpenMP workers sleep while they wait instead of spinning (deploy/solarsync.service says why).
export OMP_WAIT_POLICY=passive
export MALLOC_ARENA_MAX=2  # two glibc arenas keep memory flat across retrains (deploy/solarsync.service)
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"

dotnet build SolarSync.Host/SolarSync.Host.csproj -c Release -o .local/app -v quiet -nologo
cat <<MSG
SolarSync on http://127.0.0.1:5080  (Ctrl-C to stop)
  curl http://127.0.0.1:5080/api/v1/sites
  curl http://127.0.0.1:5080/health/ready
  curl "http://127.0.0.1:5080/monitoring/data-quality/report?site_id=1"
  curl http://127.0.0.1:5080/api/iot/devices           # the demo plants' devices
  scripts/demo-device.sh                               # their telemetry in over MQTT (another terminal)
  mosquitto_sub -p ${Devices__Mqtt__Port} -t 'solar/+/forecast' -t 'wind/+/forecast' -t 'load/+/forecast'   # forecasts out
  API docs: http://127.0.0.1:5080/scalar   jobs: http://127.0.0.1:5080/hangfire (any user, password = admin key)
  admin key (X-Api-Key): $ADMIN_KEY
MSG
cd .local/app
dotnet SolarSync.Host.dll --urls http://127.0.0.1:5080
