"""The main window's outputs: render (progress, cancel, notices in the user's words),
playback buffers, export (default folder, remembered choices) and autosave/recovery."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.export.model import (
    ExportReport,
    ExportRequest,
    default_export_dir,
    documents_dir,
    run_export,
)
from desktop.export.model import describe_error as describe_export_error
from desktop.plots.model import MIX_KEY, track_key
from desktop.render.model import RenderOutcome, render_key
from desktop.render.notices import Notice, user_notices
from engine.api import SessionError

log = logging.getLogger(__name__)
INSTALL_DIR = Path(__file__).resolve().parents[1]  # the checkout or site-packages root


class OutputMixin:
    """Part of :class:`~desktop.main_window.MainWindow` (a mixin: it uses the window's
    views, document and models)."""

    # ------------------------------------------------------------------ render
    def render(self) -> bool:
        self.inspector.flush(wait=True)
        if self.renderer.running:
            return False
        if not self.doc.session.tracks:
            self.dialogs.info(
                "Nothing to render",
                "Add a mono track first (File > Add Tracks… or drop files on the window).",
            )
            return False
        return self.renderer.start(self.doc.session)

    def _on_render_started(self) -> None:
        self.render_button.setEnabled(False)
        self.render_action.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.cancel_action.setEnabled(True)
        self.progress.setValue(0)
        self.progress.setFormat("starting…")

    def _on_render_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(f"%p% {message}")

    def _on_render_finished(self, outcome: RenderOutcome) -> None:
        self.last_render = outcome
        self.plots.set_series(outcome.plot_series)
        if self.sel_track >= 0 and track_key(self.sel_track) in outcome.plot_series:
            self.plots.show_target(track_key(self.sel_track))
        else:
            self.plots.show_target(MIX_KEY)
        self.plots.set_stale(
            outcome.key != render_key(self.doc.session), "the session changed during the render"
        )
        self.transport.set_buffers(None, outcome.render.mix, outcome.render.sample_rate_hz)
        raw = list(getattr(outcome.render, "notices", [])) + outcome.messages
        self.progress.setFormat(f"rendered in {outcome.seconds:.1f} s")
        self.progress.setValue(1000)
        self._update_export_enabled()
        self._set_notices(user_notices(outcome.session, raw))

    def _set_notices(self, notices: list[Notice]) -> None:
        """Show the render's notices: the first in the status bar (short form), all of
        them behind the "Notices" button and in its tooltip."""
        self.notices = notices
        self.notice_button.setVisible(bool(notices))
        if not notices:
            self.notice_label.clear()
            self.notice_label.setToolTip("")
            return
        self.notice_button.setText(f"Notices ({len(notices)})")
        self.notice_label.setText(notices[0].short + (" …" if len(notices) > 1 else ""))
        self.notice_label.setToolTip("\n\n".join(n.text for n in notices))
        self.notice_button.setToolTip("\n\n".join(n.text for n in notices))

    def show_notices(self) -> None:
        if self.notices:
            self.dialogs.info("Render notices", "\n\n".join(f"• {n.text}" for n in self.notices))

    def _on_render_failed(self, message: str, details: str) -> None:
        self.progress.setFormat("render failed")
        self.progress.setValue(0)
        self.dialogs.error("Render failed", message, details)

    def _on_render_cancelled(self) -> None:
        self.progress.setFormat("cancelled")
        self.progress.setValue(0)
        self.statusBar().showMessage("Render cancelled; the previous render is kept.", 5000)

    def _on_render_idle(self) -> None:
        self.render_button.setEnabled(True)
        self.render_action.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.cancel_action.setEnabled(False)

    # ------------------------------------------------------------------ playback / export
    def _prepare_playback(self) -> None:
        session = self.doc.session
        binaural = self.last_render.render.mix if self.last_render else None
        self.transport.set_buffers(self.library.mono_mix(session), binaural, session.sample_rate_hz)
        self.transport.model.seek(self.playhead_s)
        self._update_loop()

    def export_dialog(self) -> None:
        if self.last_render is None:
            self.dialogs.info(
                "Nothing to export", "Render the session first (Ctrl+R), then export."
            )
            return
        if self.last_render.key != render_key(self.doc.session):
            self.dialogs.warning(
                "Render is out of date",
                "The session changed since the last render. Render again (Ctrl+R), then export.",
            )
            return
        default_name = self.doc.path.stem if self.doc.path else "Earspace"
        request = self.ask.export_request(
            default_name,
            self.default_export_folder(),
            formats=self.settings.export_formats,
            ambisonics_order=self.settings.ambisonics_order,
        )
        if request is not None:
            self.export_with(request)

    def default_export_folder(self) -> Path:
        """Last folder exported to, else the session's (unless inside the install, as
        the demo is), else ``~/Documents/Earspace``."""
        return default_export_dir(
            last_dir=self.settings.last_export_dir,
            session_path=self.doc.path,
            documents_dir=documents_dir(),
            install_dir=INSTALL_DIR,
        )

    def _update_export_enabled(self, *_args: object) -> None:
        self.export_action.setEnabled(self.last_render is not None and not self.exporter.running)

    def _on_export_cancelled(self) -> None:
        self.progress.setFormat("export cancelled")

    def export_with(self, request: ExportRequest) -> bool:
        """Export the last render in the background (plugin bridge formats, or WAV)."""
        if self.last_render is None or self.exporter.running:
            return False
        session, render = self.doc.session, self.last_render.render
        self._export_request = request
        self.settings.last_export_dir = Path(request.out_dir).expanduser().resolve()
        self.settings.export_formats = request.formats
        self.settings.ambisonics_order = request.ambisonics_order
        self.export_action.setEnabled(False)
        self.progress.setFormat(f"exporting {', '.join(request.formats)}…")
        return self.exporter.start(
            lambda progress, cancel: run_export(
                session, render, request, progress=progress, cancel=cancel
            ),
            describe_export_error,
        )

    def _on_export_finished(self, report: ExportReport) -> None:
        self.progress.setFormat("exported")
        folder = self._export_request.out_dir if self._export_request else ""
        notes = ("\n\n" + "\n".join(report.notes)) if report.notes else ""
        listing = "\n".join(Path(p).name for p in report.paths)
        self.dialogs.info(
            "Export finished", f"Wrote {len(report.paths)} item(s) to {folder}:\n{listing}{notes}"
        )

    def _on_export_failed(self, message: str, details: str) -> None:
        self.progress.setFormat("export failed")
        self.dialogs.error("Export failed", message, details)

    # ------------------------------------------------------------------ autosave / recovery
    def autosave_now(self) -> bool:
        if not self.doc.modified or not self.doc.session.tracks:
            return False
        try:
            self.autosave_store.write(self.doc.session, self.doc.path)
        except (SessionError, OSError) as exc:
            log.warning("autosave failed: %s", exc)
            self.statusBar().showMessage(f"Autosave failed: {exc}", 10_000)
            return False
        log.info("autosaved to %s", self.autosave_store.session_path)
        return True

    def offer_recovery(self) -> bool:
        """At start-up: if the last run left an autosave, ask and restore it."""
        info = self.autosave_store.pending()
        if info is None:
            return False
        if not self.ask.recover(info):
            self.autosave_store.clear()
            return False
        try:
            session = self.autosave_store.load()
        except SessionError as exc:
            self.dialogs.error("Recovery failed", f"The autosave is damaged: {exc}")
            return False
        self._load_into(session, info.original_path, modified=True)
        self.statusBar().showMessage("Recovered the autosaved session; save it to keep it.", 10_000)
        return True
