"""Open a plugin's own editor window, safely.

``show_editor()`` blocks until the window closes and needs a display: headless it raises,
and under Xvfb with no window manager Dragonfly's editor killed the process with an X
``BadWindow`` error. So the editor always runs in its own child process (never in the
app, never in the render host), and :func:`open_editor` refuses at once when there is
no display. When the window closes, the child returns the plugin's state, which the
caller stores in the session (:attr:`PluginSlot.state_b64`).
"""

from __future__ import annotations

import base64
import multiprocessing
import os
import sys
from dataclasses import replace
from typing import Any

from engine.session import PluginSlot
from plugin_bridge.errors import EditorUnavailableError, PluginCrashError, PluginError
from plugin_bridge.host import slot_label


def display_available() -> bool:
    """True on macOS/Windows, or on Linux when ``$DISPLAY`` or ``$WAYLAND_DISPLAY`` is set."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_editor(slot: PluginSlot, *, timeout_s: float | None = None) -> PluginSlot:
    """Show ``slot``'s editor in a child process; return the slot with the edited state.

    Blocks until the window is closed (call it from a worker thread in the app).
    Raises :class:`EditorUnavailableError` without a display, :class:`PluginCrashError`
    when the editor takes its process down, and :class:`PluginError` for load failures.
    """
    if not display_available():
        raise EditorUnavailableError(
            f"cannot show the editor of {slot_label(slot)}: no display (headless session). "
            "Set its parameters in Earspace's parameter list instead."
        )
    ctx = multiprocessing.get_context("spawn")
    parent_conn, child_conn = ctx.Pipe()
    proc = ctx.Process(target=_editor_child, args=(child_conn, slot.to_dict()), daemon=True)
    proc.start()
    child_conn.close()
    try:
        if not parent_conn.poll(timeout_s):
            raise PluginError(
                f"the editor of {slot_label(slot)} did not close within {timeout_s} s"
            )
        status, value = parent_conn.recv()
    except EOFError as exc:
        proc.join(timeout=5.0)
        raise PluginCrashError(
            f"the editor of {slot_label(slot)} crashed (exit code {proc.exitcode}); Earspace is unaffected "
            "and the plugin keeps its previous settings"
        ) from exc
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=5.0)
        parent_conn.close()
    if status != "ok":
        raise PluginError(f"the editor of {slot_label(slot)} failed: {value}")
    return replace(slot, parameters={}, state_b64=value)


def _editor_child(conn: Any, slot_dict: dict[str, Any]) -> None:
    from plugin_bridge.host import _ChildError, _load_slot

    try:
        plugin = _load_slot(PluginSlot(**slot_dict))
        plugin.show_editor()
        conn.send(("ok", base64.b64encode(bytes(plugin.raw_state)).decode("ascii")))
    except (_ChildError, RuntimeError, ValueError, ImportError) as exc:
        conn.send(("error", str(exc)))


__all__ = ["display_available", "open_editor"]
