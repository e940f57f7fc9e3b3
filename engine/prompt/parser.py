"""``parse(text) -> Placement``: the grammar first, the embedding fallback second.

Pipeline: normalise -> translate basic French/German/Spanish direction words -> find the
room -> split into sources -> read each source's direction, distance and motion. When no
piece of the prompt names a position, the MiniLM phrase-bank fallback
(:mod:`engine.prompt.embedding`) is asked; when it is not confident either, the result is
``placed=False`` with the reason. A prompt that names only a room is placed in front at
:data:`~engine.prompt.distance.DEFAULT_DISTANCE_M` (with a note).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from engine.errors import ParameterError
from engine.prompt.bug_report import blank_current_place
from engine.prompt.compass import rewrite_compass
from engine.prompt.corrections import blank_corrected, rewrite_spoken_corrections
from engine.prompt.direction import blank_negated
from engine.prompt.doubt import (
    CONFLICT_PENALTY,
    LEFTOVER_PENALTY,
    UNSURE_EXTRA_MAX,
    UNSURE_EXTRA_PENALTY,
    UNSURE_PENALTY,
    VAGUE_PENALTY,
    blank_either_side,
    leftover_note,
    leftover_place_words,
    says_direction_unknown,
    unsure_note,
    unsure_words,
)
from engine.prompt.i18n import translate_directions
from engine.prompt.normalize import expand_bare_prompt, normalize
from engine.prompt.partial import rewrite_partial
from engine.prompt.placement import Placement, SourcePlacement, unplaced
from engine.prompt.rooms import find_room
from engine.prompt.seat import rewrite_vehicle
from engine.prompt.shorthand import rewrite_shorthand
from engine.prompt.sources import blank_listener_clauses, read_source, split_sources
from engine.prompt.spelling import correct_typos
from engine.prompt.venue import rewrite_venue

log = logging.getLogger(__name__)

_DIFFUSE_RE = re.compile(
    r"\b(?:all\s+(?:a)?round|everywhere|surround(?:ing|s)?|diffuse|envelop(?:ing|s)?|from\s+all\s+(?:directions|sides)|immersive|no\s+(?:particular|specific)\s+direction)\b"
)

#: Prompts longer than this (characters) are cut, so a pasted document cannot stall the app.
MAX_PROMPT_CHARS = 2000
#: Confidence of a grammar reading with no assumption, and what each distinct assumption
#: (a note) or a softening hedge takes off; unsure words, vague places and contradictions
#: take off more (:mod:`engine.prompt.doubt`); never below the floor.
GRAMMAR_CONFIDENCE = 0.97
NOTE_PENALTY = 0.08
HEDGE_PENALTY = 0.05
CONFIDENCE_FLOOR = 0.3
EMPTY_REASON = "empty prompt: type where the sound is, e.g. 'a dog barking behind me on the left'"


def _shift(spans, offset: int, length: int) -> tuple[tuple[int, int], ...]:
    out = []
    for a, b in spans:
        a2, b2 = max(0, a - offset), min(length, b - offset)
        if a2 < b2:
            out.append((a2, b2))
    return tuple(out)


def parse_grammar(text: str) -> Placement:
    """Grammar-only reading of ``text`` (no model); unplaced when no position is named."""
    if not isinstance(text, str):
        raise ParameterError(f"prompt must be a str, got {type(text).__name__}")
    norm, typo_notes = correct_typos(
        expand_bare_prompt(translate_directions(normalize(text[:MAX_PROMPT_CHARS])))
    )
    if not re.search(r"\w", norm):
        return unplaced(text, EMPTY_REASON)
    norm, spoken_notes = rewrite_spoken_corrections(rewrite_shorthand(norm))
    norm, compass_notes = rewrite_compass(norm)
    norm, venue_notes = rewrite_venue(rewrite_vehicle(norm))
    norm, partial_notes = rewrite_partial(norm)
    norm, bug_notes = blank_current_place(norm)
    norm = blank_either_side(norm)
    typo_notes = (
        *typo_notes,
        *spoken_notes,
        *compass_notes,
        *venue_notes,
        *partial_notes,
        *bug_notes,
    )
    negated = blank_negated(norm)
    norm = blank_corrected(negated)
    took_back = norm != negated or bool(spoken_notes)
    room, room_spans = find_room(norm)
    norm = blank_listener_clauses(norm)
    sources: list[SourcePlacement] = []
    notes: list[str] = list(typo_notes)
    hedged = False
    penalty = 0.0
    for a, b in split_sources(norm):
        piece = norm[a:b]
        reading = read_source(piece, extra_removed=_shift(room_spans, a, len(piece)))
        if reading.spatial and reading.path is not None:
            sources.append(SourcePlacement(reading.label, reading.path, reading.motion))
            notes.extend(reading.notes)
            hedged = hedged or reading.hedged
            penalty += reading.penalty
    if len(text) > MAX_PROMPT_CHARS:
        notes.append(f"prompt cut to its first {MAX_PROMPT_CHARS} characters")
    if not sources:
        if room is not None:
            return unplaced(
                text,
                f"only a room ({room}) named, no direction, distance or motion; say where the sound is, e.g. 'on the left'",
                notes=tuple(notes),
                room=room,
            )
        if _DIFFUSE_RE.search(norm):
            return unplaced(
                text,
                "an enveloping sound ('all around', 'surround') has no single position; "
                "name a direction to place it, e.g. 'rain all around, loudest on the left'",
                notes=tuple(notes),
            )
        return unplaced(
            text,
            "no direction, distance or motion found; say where the sound is, e.g. 'on the left', 'behind me, far away'",
            notes=tuple(notes),
        )
    if took_back:  # "on the left, no wait, the right": the writer changed their mind
        notes.append("a direction was taken back; used the later one")
        penalty += CONFLICT_PENALTY
    # unsure words not already quoted by a vague-place note ("'somewhere over there': ...")
    unsure = [w for w in unsure_words(norm) if not any(f"'{w}" in n for n in notes)]
    if unsure:
        notes.append(unsure_note(unsure))
        penalty += UNSURE_PENALTY + min(UNSURE_EXTRA_MAX, UNSURE_EXTRA_PENALTY * (len(unsure) - 1))
    if says_direction_unknown(norm):  # "direction unclear", "can't tell which way"
        penalty += VAGUE_PENALTY
    leftover = [w for s in sources for w in leftover_place_words(s.label)]
    if leftover:  # "row b", "on our six": words that look like a place but were not read
        notes.append(leftover_note(list(dict.fromkeys(leftover))))
        penalty += LEFTOVER_PENALTY
    confidence = (
        GRAMMAR_CONFIDENCE
        - NOTE_PENALTY * len(set(notes))
        - (HEDGE_PENALTY if hedged else 0.0)
        - penalty
    )
    return Placement(
        text=text,
        placed=True,
        sources=tuple(sources),
        room=room,
        confidence=float(min(1.0, max(CONFIDENCE_FLOOR, confidence))),
        notes=tuple(dict.fromkeys(notes)),
    )


def _wants_fallback(result: Placement) -> bool:
    """Unplaced for want of a recognised position (not empty, not a room-only prompt)."""
    return not result.placed and result.reason != EMPTY_REASON and result.room is None


def parse(text: str, *, use_embedding: bool = True) -> Placement:
    """Read where the sound(s) in ``text`` are (see :mod:`engine.prompt`).

    With ``use_embedding=False`` the MiniLM fallback is never loaded (grammar only).
    """
    result = parse_grammar(text)
    if not _wants_fallback(result) or not use_embedding:
        return result
    from engine.prompt.embedding import fallback_placement

    return fallback_placement(text, result)


def parse_many(texts: Iterable[str], *, use_embedding: bool = True) -> list[Placement]:
    """:func:`parse` for many prompts; the fallback embeds all unplaced prompts in one batch."""
    results = [parse_grammar(t) for t in texts]
    if not use_embedding:
        return results
    todo = [i for i, r in enumerate(results) if _wants_fallback(r)]
    if todo:
        from engine.prompt.embedding import fallback_placements

        for i, placement in zip(todo, fallback_placements([results[i] for i in todo]), strict=True):
            results[i] = placement
    return results
