#!/usr/bin/env bash
# Prints "N passed, N failed, N skipped" from a TRX file (the Counters element that dotnet test writes).
set -euo pipefail
trx="${1:?usage: $0 results.trx}"
if [ ! -f "$trx" ]; then echo "0 passed, 1 failed, 0 skipped  (no test results: the build or test run did not complete)"; exit 1; fi
counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n1)"
attr() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
passed="$(attr passed)"
failed=$(( $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted) ))
skipped=$(( $(attr notExecuted) + $(attr inconclusive) ))
echo "$passed passed, $failed failed, $skipped skipped"
