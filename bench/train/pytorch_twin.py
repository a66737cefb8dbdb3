#!/usr/bin/python3
"""PyTorch twin of SolarSync's TorchSharp forecasters, for bench/train.sh.

Mirrors SolarSync.Modules/Training/Models exactly: the same layers and sizes (SolarLstmForecaster,
WindGruAttentionForecaster), the same masked MSE (MaskedLoss.Compute) and the same training step
(ModelTrainer.Step: zero_grad, forward, masked loss, backward, clip_grad_norm 1.0, Adam step, loss.item()),
on random batches of the benchmark's shapes. Prints one JSON object with step and batch-1 forward medians per
model and torch thread count.

Run with Debian's /usr/bin/python3 (python3-torch) and, as bench/train.sh does, OPENBLAS_NUM_THREADS=2 with
libopenblas0-pthread installed: the stock reference BLAS is ~30x slower and not a fair comparison.
"""
import argparse
import json
import math
import os
import statistics
import time

import torch
from torch import nn

BATCH, LOOKBACK, ENCODER_WIDTH, HORIZON, DECODER_WIDTH = 64, 48, 32, 24, 16


class SolarLstmForecaster(nn.Module):
    """LSTM encoder; per future hour sigmoid(w . dropout(relu(A s + B d_h + b)) + c)."""

    def __init__(self, encoder_width, decoder_width, hidden=128, layers=3, dropout=0.1):
        super().__init__()
        self.encoder = nn.LSTM(encoder_width, hidden, num_layers=layers, batch_first=True,
                               dropout=dropout if layers > 1 else 0.0)
        self.state_to_head = nn.Linear(hidden, hidden)
        self.covariates_to_head = nn.Linear(decoder_width, hidden, bias=False)
        self.head_dropout = nn.Dropout(dropout)
        self.head_output = nn.Linear(hidden, 1)
        self.covariates_skip = nn.Linear(decoder_width, 1)

    def forward(self, encoder_input, decoder_input):
        _, (final_hidden, _) = self.encoder(encoder_input)
        state = final_hidden[-1]
        joint = self.state_to_head(state).unsqueeze(1) + self.covariates_to_head(decoder_input)
        hidden_head = self.head_dropout(torch.relu(joint))
        return torch.sigmoid((self.head_output(hidden_head) + self.covariates_skip(decoder_input)).squeeze(-1))


class WindGruAttentionForecaster(nn.Module):
    """GRU encoder; scaled dot-product attention per future hour; per-hour MLP over [context, state, covariates]."""

    def __init__(self, encoder_width, decoder_width, hidden=64, layers=2, dropout=0.1):
        super().__init__()
        self.encoder = nn.GRU(encoder_width, hidden, num_layers=layers, batch_first=True,
                              dropout=dropout if layers > 1 else 0.0)
        self.query_from_state = nn.Linear(hidden, hidden)
        self.query_from_covariates = nn.Linear(decoder_width, hidden, bias=False)
        self.keys = nn.Linear(hidden, hidden)
        self.context_to_head = nn.Linear(hidden, hidden)
        self.state_to_head = nn.Linear(hidden, hidden, bias=False)
        self.covariates_to_head = nn.Linear(decoder_width, hidden, bias=False)
        self.head_dropout = nn.Dropout(dropout)
        self.head_output = nn.Linear(hidden, 1)
        self.covariates_skip = nn.Linear(decoder_width, 1)
        self.score_scale = 1.0 / math.sqrt(hidden)

    def forward(self, encoder_input, decoder_input):
        states, final_hidden = self.encoder(encoder_input)
        state = final_hidden[-1]
        query = self.query_from_state(state).unsqueeze(1) + self.query_from_covariates(decoder_input)
        scores = torch.bmm(query, self.keys(states).transpose(1, 2)) * self.score_scale
        context = torch.bmm(torch.softmax(scores, -1), states)
        joint = (self.context_to_head(context)
                 + self.state_to_head(state).unsqueeze(1)
                 + self.covariates_to_head(decoder_input))
        hidden_head = self.head_dropout(torch.relu(joint))
        return torch.sigmoid((self.head_output(hidden_head) + self.covariates_skip(decoder_input)).squeeze(-1))


def masked_mse(prediction, target, include):
    counted = include.logical_and(target.isnan().logical_not())
    count = counted.sum().item()
    difference = (prediction - target.nan_to_num(0)) * counted.to(prediction.dtype)
    return difference.square().sum() / max(count, 1), count


def step(model, optimizer, parameters, encoder, decoder, target, include):
    optimizer.zero_grad(set_to_none=False)
    loss, count = masked_mse(model(encoder, decoder), target, include)
    if count == 0:
        return 0.0, 0
    loss.backward()
    nn.utils.clip_grad_norm_(parameters, 1.0)
    optimizer.step()
    return loss.item(), count


def summary(samples):
    ordered = sorted(samples)
    q = statistics.quantiles(ordered, n=4, method="inclusive")
    return statistics.median(ordered), q[0], q[2]


def measure(make_model, threads, warmup, steps, forward_runs):
    torch.set_num_threads(threads)
    torch.manual_seed(42)
    model = make_model()
    parameters = list(model.parameters())
    optimizer = torch.optim.Adam(parameters, lr=1e-3)
    encoder = torch.randn(BATCH, LOOKBACK, ENCODER_WIDTH)
    decoder = torch.randn(BATCH, HORIZON, DECODER_WIDTH)
    target = torch.rand(BATCH, HORIZON)
    include = torch.ones(BATCH, HORIZON, dtype=torch.bool)
    model.train()
    times = []
    for i in range(warmup + steps):
        started = time.perf_counter()
        step(model, optimizer, parameters, encoder, decoder, target, include)
        if i >= warmup:
            times.append((time.perf_counter() - started) * 1000)
    step_ms, step_p25, step_p75 = summary(times)

    model.eval()
    one_encoder = torch.randn(1, LOOKBACK, ENCODER_WIDTH)
    one_decoder = torch.randn(1, HORIZON, DECODER_WIDTH)
    forward_times = []
    with torch.no_grad():
        for i in range(warmup * 4 + forward_runs):
            started = time.perf_counter()
            model(one_encoder, one_decoder)
            if i >= warmup * 4:
                forward_times.append((time.perf_counter() - started) * 1000)
    forward_ms, _, _ = summary(forward_times)
    return {"threads": threads, "step_ms": step_ms, "step_p25_ms": step_p25, "step_p75_ms": step_p75,
            "forward_ms": forward_ms}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--forward-runs", type=int, default=200)
    parser.add_argument("--threads", default="1",
                        help="torch.set_num_threads values to measure (1 is fastest with 2 OpenBLAS threads)")
    parser.add_argument("--out", help="write the JSON here as well as to stdout")
    args = parser.parse_args()
    steps = max(20, args.steps)
    threads = [int(t) for t in args.threads.split(",")]

    models = {
        "solar": lambda: SolarLstmForecaster(ENCODER_WIDTH, DECODER_WIDTH, hidden=128, layers=3, dropout=0.1),
        "wind": lambda: WindGruAttentionForecaster(ENCODER_WIDTH, DECODER_WIDTH, hidden=64, layers=2, dropout=0.1),
    }
    result = {"torch_version": torch.__version__,
              "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "(unset)")}
    for key, make_model in models.items():
        result[key] = [measure(make_model, t, args.warmup, steps, args.forward_runs) for t in threads]

    text = json.dumps(result, indent=2)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
