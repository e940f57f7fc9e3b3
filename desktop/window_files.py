"""The main window's files: new/open/save, the view state kept per session, prompts of an
opened file resolved in the background, adding tracks and reading their audio through
the :class:`~desktop.load_queue.LoadQueue`, drag and drop."""

from __future__ import annotations

import logging
from pathlib import Path

from desktop.document import edits
from desktop.document.reresolve import unresolved_prompts
from desktop.document.selection import Selection
from desktop.load_queue import LoadKind, LoadOutcome, read_job
from desktop.paths import AUDIO_SUFFIXES, is_audio_file
from desktop.view_state import ViewState
from engine.api import SESSION_SUFFIX, Session, SessionError, load_session, save_session

log = logging.getLogger(__name__)


class FilesMixin:
    """Part of :class:`~desktop.main_window.MainWindow` (a mixin: it uses the window's
    views, document and models)."""

    # ------------------------------------------------------------------ files
    def _maybe_discard(self, action: str = "closing") -> bool:
        if not self.doc.modified:
            return True
        name = self.doc.path.name if self.doc.path else "Untitled"
        answer = self.ask.save_changes(name, action)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_session(self) -> None:
        if self._maybe_discard("starting a new session"):
            self._remember_view()
            self._load_into(Session(), None)

    def _load_into(self, session: Session, path: Path | None, *, modified: bool = False) -> None:
        self.inspector.flush(wait=True)
        self.selection = Selection(0 if session.tracks else -1, -1)
        self.last_render = None
        self._set_notices([])
        self.plots.set_series({})
        self.timeline.reset_view()
        self.doc.reset(session, path, modified=modified)
        self.timeline.fit()
        self.load_queue.new_session()
        self._render_when_loaded = False
        self._queue_load(
            LoadKind.SESSION,
            [session.audio_path(t) for t in session.tracks],
            session.sample_rate_hz,
        )
        self._resolve_loaded_prompts(session)
        self.timeline.update()
        if (warning := self.file_guard.opened(path)) is not None:
            self.dialogs.warning("Session open elsewhere", warning)

    def _resolve_loaded_prompts(self, session: Session) -> None:
        """Resolve prompts that a loaded file stores without a path (in the background)."""
        self.pending_prompts.clear()
        for target in unresolved_prompts(session):
            self.pending_prompts.add(self.resolver.request(target.prompt), target)

    def _on_load_resolved(self, token: int, _text: str, placement, error: str) -> None:
        session = self.pending_prompts.answer(self.doc.session, token, placement, error)
        if session is not None:
            self.doc.replace_silently(session)

    @property
    def resolving(self) -> bool:
        """Prompts of a loaded session are still being resolved."""
        return bool(self.pending_prompts)

    # ------------------------------------------------------------------ view state
    def current_view_state(self) -> ViewState:
        g = self.timeline.geometry_model
        grid = self.timeline.snap_grid
        return ViewState(
            view_start_s=g.view_start_s,
            px_per_s=g.px_per_s,
            track=self.sel_track,
            region=self.sel_region,
            rendered=self.last_render is not None,
            snap=grid.mode,
            tempo_bpm=grid.tempo_bpm,
        )

    def _remember_view(self) -> None:
        """Store the view of the current session (if it has a file) for its next opening."""
        if self.doc.path is None:
            return
        try:
            self.view_states.save(self.doc.path, self.current_view_state())
        except OSError as exc:
            log.warning("could not store the view of %s: %s", self.doc.path, exc)

    def _restore_view(self, path: Path) -> None:
        state = self.view_states.load(path)
        if state is None:
            return
        self.timeline.set_view(state.view_start_s, state.px_per_s)
        self.timeline_panel.set_snap(state.snap, state.tempo_bpm)
        self.select(state.track, state.region)
        self.selection = self.selection.clamped(self.doc.session)
        self._render_when_loaded = state.rendered
        if state.rendered and not self.loading:
            self._render_restored()

    def _render_restored(self) -> None:
        self._render_when_loaded = False
        if self.doc.session.tracks:
            self.render()

    def open_dialog(self) -> None:
        path = self.ask.open_session_path()
        if path is not None:
            self.open_session(path)

    def open_session(self, path: str | Path) -> bool:
        """Open ``path``; on any error a dialog explains and the current session is kept."""
        path = Path(path)
        try:
            session = load_session(path)
        except SessionError as exc:
            self.dialogs.error(
                "Could not open session", f"{exc}\n\nThe current session was not changed."
            )
            return False
        if not self._maybe_discard("opening another session"):
            return False
        self._remember_view()
        self._load_into(session, path)
        self._restore_view(path)
        self.recent.add(path)
        self.statusBar().showMessage(f"Opened {path}", 5000)
        return True

    def save(self) -> bool:
        if self.doc.path is None:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        path = self.ask.save_session_path(self.doc.path)
        return self.save_to(path) if path is not None else False

    def save_to(self, path: str | Path) -> bool:
        self.inspector.flush(wait=True)
        if (refusal := self.file_guard.may_save(path)) is not None:
            self.dialogs.error("Could not save session", refusal)
            return False
        try:
            saved = save_session(self.doc.session, path)
        except (SessionError, OSError) as exc:
            self.dialogs.error("Could not save session", str(exc))
            return False
        final = (
            Path(path) if Path(path).suffix == SESSION_SUFFIX else Path(str(path) + SESSION_SUFFIX)
        )
        self.doc.mark_saved(saved, final)
        self.file_guard.opened(final)
        self._remember_view()
        self.recent.add(final)
        self.statusBar().showMessage(f"Saved {final}", 5000)
        return True

    def add_tracks_dialog(self) -> None:
        paths = self.ask.audio_paths()
        if paths:
            self.add_tracks(paths)

    def add_tracks(self, paths: list[str | Path]) -> int:
        """Queue files to become tracks; they are read in the background and added when
        ready (``tracks_added`` is emitted). Files that are not audio, or turn out
        unreadable, get a dialog naming the file and reason and change nothing.
        Returns the number of files queued."""
        queued = []
        for raw in paths:
            p = Path(raw)
            if not is_audio_file(p):
                self.dialogs.error(
                    "Not an audio file",
                    f"{p}: Earspace reads {', '.join(AUDIO_SUFFIXES)} files. Nothing was added.",
                )
                continue
            queued.append(p)
        if queued:
            self._queue_load(LoadKind.ADD, queued, self.doc.session.sample_rate_hz)
        return len(queued)

    # ------------------------------------------------------------------ background audio loading
    @property
    def loading(self) -> bool:
        """Audio files are still being read."""
        return self.loader.running or bool(self.load_queue)

    def _queue_load(self, kind: LoadKind, paths: list[Path], sample_rate_hz: int) -> None:
        self.load_queue.push(kind, paths, sample_rate_hz)
        self._next_load_job()

    def _next_load_job(self) -> None:
        if self.loader.running or self._closed:
            return
        job = self.load_queue.pop()
        if job is None:
            return
        library = self.library
        if not self.renderer.running:
            self.progress.setFormat("reading audio…")
        self.loader.start(lambda progress, cancel: read_job(library, job, progress))

    def _on_load_failed(self, message: str, details: str) -> None:
        self.dialogs.error("Could not read audio", message, details)

    def _on_audio_loaded(self, outcome: LoadOutcome) -> None:
        job = outcome.job
        if job.kind is LoadKind.ADD:
            for f in outcome.failed:
                self.dialogs.error(
                    "Could not add audio", f"{f.error}\n\nNothing was added for this file."
                )
            added = outcome.new_tracks
            if added:
                first_new = len(self.doc.session.tracks)
                self.doc.apply(
                    edits.add_tracks(self.doc.session, added), f"Add {len(added)} track(s)"
                )
                if first_new == 0:
                    self.timeline.fit()
                self.select(first_new, -1)
                self.timeline_panel.ensure_lane_visible(len(self.doc.session.tracks) - 1)
                names = ", ".join(f"“{name}”" for name, _p in added)
                self.statusBar().showMessage(
                    f"Added {names} as track {first_new + 1}"
                    + (f"–{first_new + len(added)}" if len(added) > 1 else "")
                    + ": drag on its lane to place it.",
                    8000,
                )
            self.tracks_added.emit(len(added))
        elif self.load_queue.is_current(job):
            problems = [f"• {f.path.name}: {f.error}" for f in outcome.failed]
            if not self._render_when_loaded:
                self.timeline.fit()
            if problems:
                self.dialogs.warning(
                    "Some audio could not be loaded",
                    "The session opened, but these tracks have no audio until the files are back:\n\n"
                    + "\n".join(problems),
                )
        notices = outcome.notices
        if notices:
            text = "; ".join(notices)
            self.notice_label.setText("Notice: " + text)
            self.statusBar().showMessage(text, 15_000)
        if not self.renderer.running:
            self.progress.setFormat("idle")
        self.timeline.update()
        self._update_head()
        self.audio_loaded.emit()
        if self._render_when_loaded and not self.load_queue and self.load_queue.is_current(job):
            self._render_restored()

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        sessions = [p for p in paths if p.suffix == SESSION_SUFFIX]
        others = [p for p in paths if p.suffix != SESSION_SUFFIX]
        if sessions:
            self.open_session(sessions[0])
        if others:
            self.add_tracks(others)
        event.acceptProposedAction()
