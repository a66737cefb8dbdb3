#!/usr/bin/env bash
# Plays the demo plants' devices against a running demo (scripts/run.sh in another terminal): publishes 5-minute
# readings of the last hours over MQTT, asks the host to publish forecasts, then a reading a minute until Ctrl-C.
#   scripts/demo-device.sh [--backfill-hours 6] [--interval-seconds 60] [--once]
# Watch it: mosquitto_sub -p 51883 -t 'solar/+/forecast' -t 'wind/+/forecast' -t 'load/+/forecast'    (forecasts out, retained)
#           mosquitto_sub -p 51883 -t 'solar/+/data' -t 'wind/+/data' -t 'load/+/data'                (telemetry in)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/services.sh status >/dev/null || { echo "demo-device: start the demo first (scripts/run.sh)" >&2; exit 1; }
eval "$(scripts/services.sh env)"
[ -f .local/app/SolarSync.Host.dll ] || dotnet build SolarSync.Host/SolarSync.Host.csproj -c Release -o .local/app -v quiet -nologo
cd .local/app
exec dotnet SolarSync.Host.dll demo-telemetry "$@"
