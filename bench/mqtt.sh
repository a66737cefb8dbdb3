#!/usr/bin/env bash
# MQTT telemetry benchmark: starts a Mosquitto of its own, publishes 100,000 QoS 1 readings from 100 devices over 4
# publishers as fast as the broker takes them, first to a plain MQTTnet subscriber that only counts (baseline), then to
# the host (Release, fresh database), and prints msg/s until the last reading is stored, zero loss (count and checksum),
# publish-to-stored latency p50/p95/p99, the host's peak memory, the CPU split and the ratio to the baseline. Then a
# steady phase on the same host and devices: --rate msg/s (5,000) for --paced-seconds (15), paced every 10 ms, with the
# publish rate, stored msg/s, zero loss and publish-to-stored p50/p95/p99/max of those readings against p95 <= 1,000 ms.
#   bench/mqtt.sh [--messages N] [--devices N] [--publishers N] [--rate N] [--paced-seconds N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/services.sh start
eval "$(scripts/services.sh env)"
command -v mosquitto >/dev/null || { echo "mqtt: mosquitto is not installed (scripts/services.sh start installs it)" >&2; exit 1; }
dotnet build SolarSync.Host/SolarSync.Host.csproj -c Release -o .local/bench/host -v quiet -nologo
dotnet run -c Release --project bench/SolarSync.Bench -- mqtt --host-dll "$ROOT/.local/bench/host/SolarSync.Host.dll" "$@"
