"""What a finished render hands to the app, and when it is out of date (Qt-free)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from engine.api import Session


def render_key(session: Session) -> str:
    """Everything a render depends on, with audio paths made absolute so saving (which
    rewrites paths relative to the file) does not mark a render out of date."""
    data = session.to_dict()
    for track, td in zip(session.tracks, data["tracks"], strict=True):
        td["source"] = str(session.audio_path(track).resolve())
        td.pop("name", None)
    return json.dumps(data, sort_keys=True)


@dataclass
class RenderOutcome:
    """A render (``engine.render_session.SessionRender``), its plot series, the session it
    was made from, and messages from the plugin bridge."""

    render: Any
    plot_series: dict
    session: Session
    key: str
    seconds: float
    messages: list[str] = field(default_factory=list)
