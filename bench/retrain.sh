#!/usr/bin/env bash
# Weekly-retrain benchmark: two years of hourly history for a fleet of simulated plants (default 5 solar + 5 wind) in a
# fresh database, then the retrain the weekly job runs, with the default Training settings; prints minutes per model.
#   bench/retrain.sh [--solar N] [--wind N] [--days N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/services.sh start
eval "$(scripts/services.sh env)"
dotnet run -c Release --project bench/SolarSync.Bench -- retrain "$@"
