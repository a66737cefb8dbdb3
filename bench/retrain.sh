#!/usr/bin/env bash
# Weekly-retrain benchmark: two years of hourly history for a fleet of simulated plants (default 5 solar + 5 wind) in a
# fresh database, then the retrain the weekly job runs, with the default Training settings: every model family trains
# and one is selected. Prints each family's progress (the networks' epochs among it), per type the minutes of the whole
# retrain (all families), the selected family and each family's validation RMSE, and the total against the 15-minute budget.
#   bench/retrain.sh [--solar N] [--wind N] [--days N] [--database NAME]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
scripts/services.sh start
eval "$(scripts/services.sh env)"
export OMP_WAIT_POLICY=passive  # OpenMP workers sleep while they wait (deploy/solarsync.service)
dotnet run -c Release --project bench/SolarSync.Bench -- retrain "$@"
