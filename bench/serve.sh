#!/usr/bin/env bash
# Serving benchmark, two model families side by side: for each demo plant a full-size network (untrained weights:
# latency only) and gradient-boosted trees (gbm, trained on the plant's simulated month; --gbm-rounds trees) are saved
# and registered. Starts the host (Release) on a fresh database with the demo plants, loads it with wrk (64 connections,
# 30 s) against GET /health/live (baseline) and cached 24 h forecasts, then uncached 24 h forecasts on one host per
# family (that family's versions promoted to Production), and prints throughput, p50/p95/p99 latency, errors and each
# host's peak memory; then times one 24 h forecast of each family in process, stage by stage down to the bare model
# pass (the trees also through LightGBM's own predict, the reference the managed walk is held to), with the gbm's
# ratios to the network's measured in the same run.
# A last uncached host serves the gbm with the network as a shadow experiment's challenger ("shadow cost" line).
#   bench/serve.sh [--port 5190] [--seconds 30] [--connections 64] [--runs 300] [--gbm-rounds 300] [--database NAME]
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
export OMP_WAIT_POLICY=passive  # OpenMP workers sleep while they wait (deploy/solarsync.service)
dotnet build SolarSync.Host/SolarSync.Host.csproj -c Release -o .local/bench/host -v quiet -nologo
dotnet run -c Release --project bench/SolarSync.Bench -- serve --host-dll "$ROOT/.local/bench/host/SolarSync.Host.dll" "$@"
