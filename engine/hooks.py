"""Render hooks: how plugin chains (``plugin_bridge``) join a render without the engine
importing them.

``InsertHook(track, mono [shape=(n,)], sample_rate_hz) -> mono`` runs a track's insert
chain before spatialisation; ``MasterHook(mix [shape=(2, n)], sample_rate_hz) -> mix``
runs the master chain. :func:`find_render_hooks` is the one way front ends find them:
the ``earspace.render_hooks`` entry point (the plugin bridge registers
``plugin_bridge.chains:session_hooks``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points

import numpy as np

from engine.session import Session, Track

InsertHook = Callable[[Track, np.ndarray, int], np.ndarray]
MasterHook = Callable[[np.ndarray, int], np.ndarray]

NO_HOST_MESSAGE = "the session has plugin chains but no plugin host is installed; chains bypassed"


@dataclass
class RenderHooks:
    """Hooks for one render. ``messages`` is the host's live list: it fills while the
    hooks run (plugins bypassed, crashes), so read it after the render, never copy it
    before."""

    insert: InsertHook | None = None
    master: MasterHook | None = None
    messages: list[str] = field(default_factory=list)


def find_render_hooks(session: Session) -> RenderHooks:
    """The installed plugin host's hooks when ``session`` uses plugin chains; no hooks
    (and a message when chains exist) otherwise."""
    if not session.master_chain and not any(t.insert_chain for t in session.tracks):
        return RenderHooks()
    for ep in entry_points(group="earspace.render_hooks"):
        try:
            factory = ep.load()
        except ImportError as exc:  # the bridge's optional dependencies are missing
            return RenderHooks(messages=[f"{NO_HOST_MESSAGE} ({exc})"])
        insert_hook, master_hook, messages = factory(session)
        return RenderHooks(insert_hook, master_hook, messages)
    return RenderHooks(messages=[NO_HOST_MESSAGE])


__all__ = ["InsertHook", "MasterHook", "NO_HOST_MESSAGE", "RenderHooks", "find_render_hooks"]
