#!/usr/bin/env bash
# Runs the whole NUnit suite against real PostgreSQL, Redis and Mosquitto (started here if needed).
# Extra arguments go to `dotnet test` (e.g. --filter Name~Sites). Results: .local/test-results/results.trx.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

scripts/services.sh start
# The console's browser test drives Debian's chromium through its chromedriver, installed with apt when missing
# (nothing is downloaded at test time).
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "test: installing ${need[*]} with apt" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
eval "$(scripts/services.sh env)"
# The tests use their own database next to the demo one; they create it when missing.
export ConnectionStrings__Postgres="${ConnectionStrings__Postgres/Database=solarsync;/Database=solarsync_test;}"
export SOLARSYNC_REPO_ROOT="$ROOT"
# OpenMP workers (LightGBM, libtorch) sleep while they wait instead of spinning (deploy/solarsync.service says why).
export OMP_WAIT_POLICY=passive

rm -rf .local/test-results
status=0
dotnet test SolarSync.sln --logger "trx;LogFileName=results.trx" --results-directory .local/test-results "$@" || status=$?
scripts/test-summary.sh .local/test-results/results.trx
exit $status
