#!/usr/bin/env bash
# Serving benchmark: starts the host (Release) on a fresh database with the demo plants and full-size Production models
# (untrained weights: latency only), loads it with wrk (64 connections, 30 s) against GET /health/live (baseline), cached
# and uncached 24 h forecasts, and prints throughput, p50/p95/p99 latency, errors and the host's peak memory; then times
# one 24 h forecast of the Production model in process against its bare forward pass.
#   bench/serve.sh [--port 5190] [--seconds 30] [--connections 64] [--runs 300]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if ! command -v wrk >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "serve: installing wrk with apt" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk >/dev/null
fi
scripts/services.sh start
eval "$(scripts/services.sh env)"
dotnet build SolarSync.Host/SolarSync.Host.csproj -c Release -o .local/bench/host -v quiet -nologo
dotnet run -c Release --project bench/SolarSync.Bench -- serve --host-dll "$ROOT/.local/bench/host/SolarSync.Host.dll" "$@"
