"""Checkpoint files: config + weights + metadata, with a SHA-256 check on load.

Layout: the line ``EARSPACE-NEURAL-1``, the SHA-256 (hex) of the payload on the next line,
then the payload (``torch.save`` of ``{"config", "state_dict", "meta"}``). ``meta`` holds the
sample rate, the text encoder id, the exact training command, training time and the
evaluation numbers.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path
from typing import Any

import torch

from engine.errors import EngineError
from engine.neural.config import NeuralConfig

MAGIC = b"EARSPACE-NEURAL-1\n"
DEFAULT_CHECKPOINT = (
    Path(__file__).resolve().parents[2] / "assets" / "models" / "neural_spatializer.ckpt"
)


class CheckpointError(EngineError):
    """A neural checkpoint is missing, corrupt (hash mismatch) or of an unknown format."""


def save_checkpoint(
    path: str | os.PathLike, cfg: NeuralConfig, state_dict: dict, meta: dict[str, Any]
) -> Path:
    """Write atomically (temp file + rename); returns the path."""
    buf = io.BytesIO()
    torch.save(
        {
            "config": cfg.to_dict(),
            "state_dict": {k: v.detach().cpu() for k, v in state_dict.items()},
            "meta": meta,
        },
        buf,
    )
    payload = buf.getvalue()
    digest = hashlib.sha256(payload).hexdigest().encode()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with open(tmp, "wb") as fh:
        fh.write(MAGIC + digest + b"\n" + payload)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return path


def read_checkpoint(path: str | os.PathLike) -> tuple[NeuralConfig, dict, dict[str, Any]]:
    """Read and verify; raises :class:`CheckpointError` naming the file and what to do."""
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(
            f"neural checkpoint {path} not found: train one with scripts/train_neural.sh "
            "or pass checkpoint= the path of an existing one"
        )
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        raise CheckpointError(f"{path} is not an Earspace neural checkpoint (bad header)")
    rest = data[len(MAGIC) :]
    digest, _, payload = rest.partition(b"\n")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        raise CheckpointError(
            f"neural checkpoint {path} is corrupt (SHA-256 mismatch): restore it from git "
            "(git checkout -- assets/models) or retrain"
        )
    try:
        obj = torch.load(io.BytesIO(payload), map_location="cpu", weights_only=True)
    except Exception as exc:  # noqa: BLE001
        raise CheckpointError(f"neural checkpoint {path} could not be read: {exc}") from exc
    return NeuralConfig.from_dict(obj["config"]), obj["state_dict"], obj.get("meta", {})
