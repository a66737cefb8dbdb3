#!/usr/bin/env bash
# Training benchmark: median training-step time of the solar LSTM (3x128) and the wind GRU (2x64, attention) at
# batch 64, lookback 48 x 32 features, horizon 24 x 16 covariates, at 1 and 2 TorchSharp threads; one epoch over
# ~2 years of hourly samples (17,000); batch-1 forward latency; and, interleaved in the same run, the same
# architectures and step in PyTorch (Debian's python3-torch, bench/train/pytorch_twin.py) with the ratio
# TorchSharp / PyTorch per model (goal <= 1.10).
#   bench/train.sh [--rounds 5] [--steps 30] [--warmup 5] [--forward-runs 200] [--threads 1,2]
#                  [--pytorch-threads 1] [--epoch-samples 17000|0]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="$ROOT/.local/bench/train"

# Debian's PyTorch is only visible to /usr/bin/python3. Without libopenblas0-pthread it falls back to the
# reference BLAS (~30x slower), which would make any ratio meaningless.
if ! /usr/bin/python3 -c 'import torch' 2>/dev/null || ! dpkg -s libopenblas0-pthread >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing python3-torch libopenblas0-pthread..." >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-torch libopenblas0-pthread >/dev/null
fi

export OMP_WAIT_POLICY=passive  # OpenMP workers sleep while they wait (deploy/solarsync.service)
dotnet build bench/train/SolarSync.TrainBench/SolarSync.TrainBench.csproj -c Release -o "$OUT/bin" -v quiet -nologo >&2

# PyTorch at its best on this machine kind (MACHINE-NOTES): OpenBLAS with 2 threads for the matrix products and
# torch.set_num_threads(1) (the twin's default) for everything else. TorchSharp's libtorch uses MKL and ignores
# this variable.
export OPENBLAS_NUM_THREADS=2
dotnet "$OUT/bin/SolarSync.TrainBench.dll" --twin "$ROOT/bench/train/pytorch_twin.py" --python /usr/bin/python3 "$@"
