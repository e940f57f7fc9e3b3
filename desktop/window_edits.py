"""The main window's edits: each turns a view's request into one undoable change of the
document (pure functions from :mod:`desktop.document.edits`), refused edits shown in a
dialog."""

from __future__ import annotations

from pathlib import Path

from desktop.document import edits
from desktop.document.selection import Selection
from engine.api import EngineError, SessionError


class EditsMixin:
    """Part of :class:`~desktop.main_window.MainWindow` (a mixin: it uses the window's
    views, document and models)."""

    # ------------------------------------------------------------------ edits
    def _apply(self, fn, text: str):
        """Run a pure edit; a refused edit (e.g. overlap) is shown and changes nothing."""
        try:
            result = fn()
        except EngineError as exc:
            self.dialogs.warning("Edit not possible", str(exc))
            return None
        session = result[0] if isinstance(result, tuple) else result
        self.doc.apply(session, text)
        return result

    def _on_region_created(self, track: int, start_s: float, end_s: float) -> None:
        result = self._apply(
            lambda: edits.add_region(self.doc.session, track, start_s, end_s), "Add region"
        )
        if result is not None:
            self.select(track, result[1])
            self.inspector.prompt_edit.setFocus()

    def _on_region_changed(self, track: int, region: int, start_s: float, end_s: float) -> None:
        try:
            old = edits.get_region(self.doc.session, track, region)
        except SessionError:
            return
        resized = abs((end_s - start_s) - old.duration_s) > 1e-9
        result = self._apply(
            lambda: edits.set_region_span(self.doc.session, track, region, start_s, end_s),
            "Resize region" if resized else "Move region",
        )
        if result is not None:
            self.select(track, result[1])

    def _on_region_span_typed(self, track: int, region: int, start_s: float, end_s: float) -> None:
        """Exact times typed in the inspector."""
        result = self._apply(
            lambda: edits.set_region_span(self.doc.session, track, region, start_s, end_s),
            "Set region times",
        )
        self.select(track, result[1] if result is not None else region)

    def _on_track_flag_toggled(self, track: int, flag: str) -> None:
        """Mute / solo from a lane header."""
        if not 0 <= track < len(self.doc.session.tracks):
            return
        on = not getattr(self.doc.session.tracks[track], flag)
        self._on_track_edited(track, {flag: on})

    def _on_track_edited(self, track: int, changes: dict) -> None:
        what = ", ".join(changes)
        self._apply(
            lambda: edits.update_track(self.doc.session, track, **changes), f"Change track {what}"
        )

    def _on_prompt_committed(self, track: int, region: int, text: str, placement) -> None:
        try:
            current = edits.get_region(self.doc.session, track, region)
        except SessionError:
            return  # the region was deleted meanwhile
        if current.prompt == text and (
            placement is None or current.path == getattr(placement, "path", None)
        ):
            return
        self._apply(
            lambda: edits.set_region_prompt(self.doc.session, track, region, text, placement),
            f"Prompt “{text}”",
        )

    def _on_room_chosen(self, room: str) -> None:
        if room and room != self.doc.session.room:
            self._apply(lambda: edits.set_room(self.doc.session, room), f"Room: {room}")

    def choose_hrtf(self) -> None:
        path = self.ask.sofa_path()
        if path is not None:
            self.set_hrtf(path)

    def set_hrtf(self, path: Path | None) -> None:
        """Use a SOFA file (or the default set); a bad file is reported when rendering."""
        if path is not None and not Path(path).is_file():
            self.dialogs.error("HRTF not found", f"{path}: no such file. The HRTF was not changed.")
            return
        label = Path(path).name if path else "default (MIT KEMAR)"
        self._apply(
            lambda: edits.set_hrtf(self.doc.session, str(path) if path else None), f"HRTF: {label}"
        )
        self.statusBar().showMessage(f"HRTF: {label}", 5000)

    def remove_selected_track(self) -> None:
        if self.sel_track < 0:
            return
        t = self.sel_track
        name = self.doc.session.tracks[t].name
        self.selection = Selection()
        self._apply(lambda: edits.remove_track(self.doc.session, t), f"Remove track {name}")
        self.select(min(t, len(self.doc.session.tracks) - 1), -1)

    def delete_selected_region(self) -> None:
        if self.sel_track < 0 or self.sel_region < 0:
            return
        t, r = self.sel_track, self.sel_region
        self.selection = Selection(t, -1)
        self._apply(lambda: edits.remove_region(self.doc.session, t, r), "Delete region")
        self.select(t, -1)
