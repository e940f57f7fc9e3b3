"""Prompts of an opened session that still need resolving (Qt-free).

A session file may store a prompt without its placement (written by hand or by an older
release). The app resolves such prompts in the background after opening; this model
keeps which request belongs to which region and decides whether an answer still applies:
the region must still hold the same prompt and still have no placement, otherwise the
user edited it meanwhile and the answer is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.document import edits
from engine.api import EngineError, Session, SessionError


@dataclass(frozen=True)
class PromptTarget:
    track: int
    region: int
    prompt: str


def unresolved_prompts(session: Session) -> list[PromptTarget]:
    """Regions with a prompt but no stored placement."""
    return [
        PromptTarget(ti, ri, region.prompt)
        for ti, track in enumerate(session.tracks)
        for ri, region in enumerate(track.sorted_regions())
        if region.path is None and region.prompt.strip()
    ]


@dataclass
class PendingPrompts:
    """``token -> target`` for requests sent to the resolver."""

    _pending: dict[int, PromptTarget] = field(default_factory=dict)

    def add(self, token: int, target: PromptTarget) -> None:
        self._pending[token] = target

    def clear(self) -> None:
        self._pending.clear()

    def __bool__(self) -> bool:
        return bool(self._pending)

    def answer(self, session: Session, token: int, placement: Any, error: str) -> Session | None:
        """The session with the answer stored, or ``None`` when the answer does not apply
        (unknown token, an error, not placed, or the region changed meanwhile)."""
        target = self._pending.pop(token, None)
        if target is None or error or placement is None or not getattr(placement, "placed", False):
            return None
        try:
            region = edits.get_region(session, target.track, target.region)
        except SessionError:
            return None
        if region.prompt != target.prompt or region.path is not None:
            return None
        try:
            return edits.set_region_prompt(
                session, target.track, target.region, target.prompt, placement
            )
        except EngineError:
            return None
