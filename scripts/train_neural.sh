#!/usr/bin/env bash
# One command: fetch and prepare the training sounds, then train the shipped neural model.
#   scripts/train_neural.sh [minutes]     (default 80; the shipped model: 80 min, 1 thread, on a 2-core CPU shared with other jobs)
# Writes assets/models/neural_spatializer.ckpt; then run bench/eval_neural.py --write-checkpoint
# to measure it and store the numbers in the checkpoint.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${1:-80}"
PY=.venv/bin/python
[ -f data/manifest.jsonl ] || "$PY" scripts/prepare_training_data.py --out data
"$PY" -m engine.neural.training.train --minutes "$MINUTES" --batch 8 --threads 1 \
    --data data --out assets/models/neural_spatializer.ckpt
