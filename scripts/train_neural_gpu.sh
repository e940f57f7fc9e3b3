#!/usr/bin/env bash
# A one-GPU-day training run of the neural engine (issue 10): the gpu-day networks
# (engine.neural.config.gpu_day_config: ~17 M parameters, ~8x the shipped 2.2 M),
# data-parallel over every GPU of the machine (torchrun, NCCL, bf16 autocast), resumable.
#   scripts/train_neural_gpu.sh [FLOW_HOURS] [SEP_HOURS]     (defaults 14 + 8 hours)
# Steps scale with the hardware: on one H100-class GPU expect ~10x the shipped run's
# scenes per hour once scene simulation keeps up (simulation runs on the CPU side; with
# few cores, feed it from simulation workers: train_data_parallel takes any iterable).
# Rerun with RESUME=1 after an interruption: each stage continues from its .state.pt.
set -euo pipefail
cd "$(dirname "$0")/.."
FLOW_HOURS="${1:-14}"
SEP_HOURS="${2:-8}"
NPROC="${NPROC:-$(python3 -c 'import torch; print(max(1, torch.cuda.device_count()))')}"
PY=.venv/bin/python
OUT=assets/models/neural_spatializer_gpu.ckpt
RESUME_FLAG=()
[ "${RESUME:-0}" = 1 ] && RESUME_FLAG=(--resume)
[ -f data/manifest.jsonl ] || "$PY" scripts/prepare_training_data.py --out data --skip espeak
[ -f data/manifest_extra.jsonl ] || "$PY" scripts/prepare_extra_data.py --out data
"$PY" -m torch.distributed.run --standalone --nproc_per_node "$NPROC" \
    -m engine.neural.training.train --ddp --config gpu-day --minutes "$((FLOW_HOURS * 60))" \
    --batch 64 --lr 1e-3 --threads 4 --data data --out "$OUT" \
    --state "$OUT.flow.state.pt" "${RESUME_FLAG[@]}"
"$PY" -m torch.distributed.run --standalone --nproc_per_node "$NPROC" \
    -m engine.neural.training.train_separator --ddp --config gpu-day \
    --minutes "$((SEP_HOURS * 60))" --batch 64 --lr 1e-3 --threads 4 --data data \
    --base "$OUT" --out "$OUT" --state "$OUT.sep.state.pt" "${RESUME_FLAG[@]}"
"$PY" bench/eval_neural.py --checkpoint "$OUT" --split category \
    --json "out/eval_neural_gpu_category.json"
