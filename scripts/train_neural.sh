#!/usr/bin/env bash
# One command: fetch and prepare the training sounds, then train the shipped neural model
# in two stages on a 2-core CPU (about 130 minutes):
#   1. the flow model (spatializes placed sources), FLOW_MINUTES (default 80), 1 thread;
#   2. the label separator (which named source plays in each bin of a mixture),
#      SEP_MINUTES (default 50), 1 thread + 1 scene-simulation process; it is added to
#      the stage-1 checkpoint;
#   3. the zero-shot name prior beside it (scripts/build_name_prior.py, seconds).
#   scripts/train_neural.sh [FLOW_MINUTES] [SEP_MINUTES]
# Writes assets/models/neural_spatializer.ckpt; then run bench/eval_neural.py --write-checkpoint
# to measure it and store the numbers in the checkpoint.
set -euo pipefail
cd "$(dirname "$0")/.."
FLOW_MINUTES="${1:-80}"
SEP_MINUTES="${2:-50}"
PY=.venv/bin/python
OUT=assets/models/neural_spatializer.ckpt
[ -f data/manifest.jsonl ] || "$PY" scripts/prepare_training_data.py --out data
"$PY" -m engine.neural.training.train --minutes "$FLOW_MINUTES" --batch 8 --threads 1 \
    --data data --out "$OUT"
"$PY" -m engine.neural.training.train_separator --minutes "$SEP_MINUTES" --batch 16 \
    --threads 1 --workers 1 --data data --base "$OUT" --out "$OUT"
"$PY" scripts/build_name_prior.py --data data --checkpoint "$OUT" \
    --beta 0.5 --k 5 --tau 0.03
