"""The one stem-naming scheme of every output: ``<track> binaural.wav`` beside ``mix.wav``.

Used by ``earspace render SESSION``, the plugin bridge's exports (stems, DAW sessions)
and the app's plain-WAV export, so a track's file has the same name wherever it is written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

STEM_SUFFIX = " binaural"
MIX_NAME = "mix"

_UNSAFE = re.compile(r"[^A-Za-z0-9 ._+-]+")


def safe_file_stem(name: str, used: set[str]) -> str:
    """A portable file name stem (no path separators or odd characters), unique
    (case-insensitively) within ``used``, which it extends."""
    base = _UNSAFE.sub("_", name).strip(" ._") or "track"
    base = base[:80]
    candidate, k = base, 2
    while candidate.lower() in used:
        candidate = f"{base} {k}"
        k += 1
    used.add(candidate.lower())
    return candidate


def stem_file_names(track_names: Iterable[str], *, suffix: str = STEM_SUFFIX) -> list[str]:
    """``<track><suffix>.wav`` for each track, unique, never clashing with ``mix.wav``."""
    used = {MIX_NAME}
    return [f"{safe_file_stem(f'{name}{suffix}', used)}.wav" for name in track_names]


__all__ = ["MIX_NAME", "STEM_SUFFIX", "safe_file_stem", "stem_file_names"]
