"""The timeline widget: lanes with waveforms, regions you drag, a ruler and a playhead.

(About 500 lines: one QWidget's painting and mouse handling; its logic is already in the
Qt-free model, and the panel around it is :mod:`desktop.timeline.panel`.)

All arithmetic (zoom, hit-testing, drag limits, snapping) lives in
:mod:`desktop.timeline.model`; this widget paints and turns mouse events into signals.
Mouse: drag on an empty part of a lane creates a region; drag a region's body to move it
and its edges (within a few pixels, either side) to resize it; click the ruler or an empty
lane to seek; the M and S buttons on a lane's header mute and solo it; Ctrl+wheel zooms,
wheel scrolls.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QLineEdit,
    QWidget,
)

from desktop.audio_library import AudioLibrary
from desktop.timeline.model import (
    CREATE,
    EDGE_GRAB_PX,
    MIN_CREATE_PX,
    MOVE,
    RESIZE_END,
    RESIZE_START,
    SnapGrid,
    TimelineGeometry,
    format_time,
    hit_region,
    plan_drag,
    tick_step_s,
)
from engine.api import Session

BG = QColor("#1e2127")
LANE_BG = (QColor("#262a31"), QColor("#2b2f37"))
LANE_SELECTED = QColor("#323846")
WAVE = QColor("#7fa7c9")
REGION_PLACED = QColor(80, 160, 255, 70)
REGION_UNPLACED = QColor(255, 150, 40, 80)
REGION_BORDER = QColor("#8ab8ff")
REGION_BORDER_UNPLACED = QColor("#ffa64d")
PLAYHEAD = QColor("#ff5050")
TEXT = QColor("#e6e6e6")
DIM = QColor("#9aa0a6")
GRID = QColor(255, 255, 255, 18)
MUTE_ON = QColor("#d9822b")
SOLO_ON = QColor("#d4c02a")
CREATE_THRESHOLD_PX = 3
HEADER_BUTTON_W = 16
HEADER_BUTTON_H = 14


@dataclass
class _Drag:
    mode: str
    lane: int
    index: int | None
    press_s: float
    press_x: float
    preview: tuple[float, float] | None = None
    moved: bool = False


class TimelineView(QWidget):
    region_created = Signal(int, float, float)  # track, start_s, end_s
    region_changed = Signal(int, int, float, float)  # track, region, start_s, end_s
    selection_changed = Signal(int, int)  # track (-1 none), region (-1 none)
    seek_requested = Signal(float)
    view_changed = Signal(float, float)  # visible start_s, end_s
    region_activated = Signal(int, int)  # double-click: edit this region's prompt
    inline_prompt_done = Signal(int, int, str)  # track, region, text typed on the timeline
    track_flag_toggled = Signal(int, str)  # track, "mute" or "solo" (lane header buttons)

    def __init__(self, library: AudioLibrary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.geometry_model = TimelineGeometry()
        self.session = Session()
        self.selected_track = -1
        self.selected_region = -1
        self.playhead_s = 0.0
        self._drag: _Drag | None = None
        self._scrubbing = False
        self._fitted_once = False
        self.snap_grid = SnapGrid()
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.inline_edit = QLineEdit(self)
        self.inline_edit.setPlaceholderText("where is it? e.g. hard left")
        self.inline_edit.hide()
        self.inline_edit.returnPressed.connect(self._finish_inline_edit)
        self._inline_target: tuple[int, int] | None = None
        self.setMinimumHeight(
            self.geometry_model.ruler_height_px + self.geometry_model.lane_height_px
        )

    # ------------------------------------------------------------------ state in
    def set_session(self, session: Session) -> None:
        self.session = session
        g = self.geometry_model
        self.setMinimumHeight(
            g.ruler_height_px + max(len(session.tracks), 1) * g.lane_height_px + 4
        )
        if not self._fitted_once and self.duration_s() > 0 and session.tracks:
            self.fit()
            self._fitted_once = True
        if self.selected_track >= len(session.tracks):
            self.set_selection(-1, -1)
        self.update()

    def reset_view(self) -> None:
        self._fitted_once = False

    def set_view(self, view_start_s: float, px_per_s: float) -> None:
        """Show this zoom and scroll (a restored view); kept when the audio arrives."""
        g = self.geometry_model
        g.px_per_s = min(max(px_per_s, g.min_px_per_s), g.max_px_per_s)
        self._fitted_once = True
        self.scroll_to(view_start_s)

    def set_selection(self, track: int, region: int) -> None:
        self.selected_track, self.selected_region = track, region
        self.update()

    def set_playhead(self, time_s: float) -> None:
        if time_s != self.playhead_s:
            old_x = self.geometry_model.time_to_x(self.playhead_s)
            self.playhead_s = time_s
            new_x = self.geometry_model.time_to_x(time_s)
            self.update(int(min(old_x, new_x)) - 2, 0, int(abs(new_x - old_x)) + 5, self.height())

    def duration_s(self) -> float:
        longest = self.library.duration_s(self.session)
        for t in self.session.tracks:
            for r in t.regions:
                longest = max(longest, r.end_s)
        return longest

    def track_duration_s(self, lane: int) -> float:
        track = self.session.tracks[lane]
        item = self.library.peek(self.session.audio_path(track), self.session.sample_rate_hz)
        return item.audio.duration_s if item is not None else max(self.duration_s(), 10.0)

    # ------------------------------------------------------------------ zoom
    def zoom(self, factor: float, anchor_s: float | None = None) -> None:
        self.geometry_model.zoom(factor, anchor_s)
        self._view_moved()

    def fit(self) -> None:
        self.geometry_model.width_px = max(self.width(), 100)
        self.geometry_model.fit(self.duration_s() * 1.02)
        self._view_moved()

    def scroll_to(self, start_s: float) -> None:
        self.geometry_model.view_start_s = max(0.0, start_s)
        self._view_moved()

    def _view_moved(self) -> None:
        g = self.geometry_model
        self.view_changed.emit(g.view_start_s, g.view_end_s)
        self.update()

    def resizeEvent(self, event) -> None:  # noqa: N802
        self.geometry_model.width_px = max(self.width(), 1)
        super().resizeEvent(event)
        self.view_changed.emit(self.geometry_model.view_start_s, self.geometry_model.view_end_s)

    def header_button_rect(self, lane: int, flag: str) -> QRectF:
        """Where the lane's ``"mute"`` / ``"solo"`` button is drawn (and clicked)."""
        x = 4 if flag == "mute" else 4 + HEADER_BUTTON_W + 3
        return QRectF(x, self.geometry_model.lane_top(lane) + 3, HEADER_BUTTON_W, HEADER_BUTTON_H)

    def grid_step_s(self) -> float | None:
        return self.snap_grid.step_s(self.geometry_model.px_per_s)

    # ------------------------------------------------------------------ painting
    def _spans(self, lane: int) -> list[tuple[float, float]]:
        return [(r.start_s, r.end_s) for r in self.session.tracks[lane].sorted_regions()]

    def paintEvent(self, event) -> None:  # noqa: N802
        g = self.geometry_model
        g.width_px = max(self.width(), 1)
        p = QPainter(self)
        p.fillRect(self.rect(), BG)
        self._paint_ruler(p)
        if not self.session.tracks:
            p.setPen(DIM)
            p.drawText(
                QRectF(
                    0, g.ruler_height_px, self.width(), max(self.height() - g.ruler_height_px, 40)
                ),
                Qt.AlignmentFlag.AlignCenter,
                "Drop mono audio files here, or use File > Add Tracks...",
            )
        for lane in range(len(self.session.tracks)):
            self._paint_lane(p, lane)
        self._paint_grid(p)
        x = g.time_to_x(self.playhead_s)
        p.setPen(QPen(PLAYHEAD, 1.5))
        p.drawLine(QLineF(x, 0, x, self.height()))
        p.end()

    def _paint_ruler(self, p: QPainter) -> None:
        g = self.geometry_model
        p.fillRect(QRectF(0, 0, self.width(), g.ruler_height_px), QColor("#16181d"))
        step = tick_step_s(g.px_per_s)
        t = (g.view_start_s // step) * step
        p.setPen(DIM)
        font = QFont(p.font())
        font.setPointSizeF(8)
        p.setFont(font)
        while t <= g.view_end_s:
            x = g.time_to_x(t)
            p.drawLine(QLineF(x, g.ruler_height_px - 6, x, g.ruler_height_px))
            p.drawText(QPointF(x + 3, g.ruler_height_px - 8), format_time(t, step))
            t += step

    def _paint_grid(self, p: QPainter) -> None:
        step = self.grid_step_s()
        g = self.geometry_model
        if step is None or step * g.px_per_s < 4:
            return
        p.setPen(QPen(GRID, 1))
        k = int(g.view_start_s // step)
        while k * step <= g.view_end_s:
            x = g.time_to_x(k * step)
            p.drawLine(QLineF(x, g.ruler_height_px, x, self.height()))
            k += 1

    def _paint_lane(self, p: QPainter, lane: int) -> None:
        g = self.geometry_model
        track = self.session.tracks[lane]
        top = g.lane_top(lane)
        h = g.lane_height_px
        bg = LANE_SELECTED if lane == self.selected_track else LANE_BG[lane % 2]
        p.fillRect(QRectF(0, top, self.width(), h), bg)
        p.setPen(QColor("#111318"))
        p.drawLine(0, top + h - 1, self.width(), top + h - 1)
        path = self.session.audio_path(track)
        item = self.library.peek(path, self.session.sample_rate_hz)
        mid = top + h / 2
        if item is not None:
            x0 = max(0.0, g.time_to_x(0.0))
            x1 = min(float(self.width()), g.time_to_x(item.audio.duration_s))
            n_px = int(x1 - x0)
            if n_px > 0:
                mins, maxs = item.peaks.envelope(g.x_to_time(x0), g.x_to_time(x0 + n_px), n_px)
                scale = (
                    (h / 2 - 4) / max(float(max(maxs.max(), -mins.min())), 1e-6)
                    if track.gain_db > -120
                    else 0
                )
                scale = min(scale, (h / 2 - 4) / 0.25) if scale else 0
                colour = QColor(WAVE)
                if track.mute and not track.solo:
                    colour.setAlpha(90)
                p.setPen(colour)
                p.drawLines(
                    [
                        QLineF(x0 + i + 0.5, mid - mx * scale, x0 + i + 0.5, mid - mn * scale)
                        for i, (mn, mx) in enumerate(zip(mins.tolist(), maxs.tolist(), strict=True))
                    ]
                )
        # regions
        font = QFont(p.font())
        font.setPointSizeF(8.5)
        p.setFont(font)
        for i, region in enumerate(track.sorted_regions()):
            span = (region.start_s, region.end_s)
            if (
                self._drag
                and self._drag.lane == lane
                and self._drag.index == i
                and self._drag.preview
            ):
                span = self._drag.preview
            self._paint_region(
                p,
                lane,
                span,
                region.prompt,
                region.path is not None or not region.prompt,
                i == self.selected_region and lane == self.selected_track,
                placed=region.path is not None,
            )
        if (
            self._drag
            and self._drag.mode == CREATE
            and self._drag.lane == lane
            and self._drag.preview
        ):
            self._paint_region(
                p, lane, self._drag.preview, "", True, True, placed=False, preview=True
            )
        # header: mute / solo buttons, then the name
        for flag, on, colour in (("mute", track.mute, MUTE_ON), ("solo", track.solo, SOLO_ON)):
            rect = self.header_button_rect(lane, flag)
            p.setPen(QPen(QColor("#111318"), 1))
            p.setBrush(colour if on else QColor("#3a3f48"))
            p.drawRoundedRect(rect, 2, 2)
            p.setPen(QColor("#111318") if on else TEXT)
            p.drawText(rect, Qt.AlignmentFlag.AlignCenter, flag[0].upper())
        p.setBrush(Qt.BrushStyle.NoBrush)
        flags = [track.engine]
        if track.gain_db:
            flags.append(f"{track.gain_db:+.1f} dB")
        p.setPen(TEXT)
        p.drawText(
            QPointF(8 + 2 * (HEADER_BUTTON_W + 3), top + 14),
            f"{track.name}  [{' · '.join(flags)}]",
        )
        note = None
        if item is None:
            error = self.library.error(path, self.session.sample_rate_hz)
            note = error or f"loading {path.name}…"
            p.setPen(REGION_BORDER_UNPLACED)
        elif item.audio.notices:
            note = "; ".join(item.audio.notices)
            p.setPen(DIM)
        if note:
            p.drawText(QPointF(6, top + h - 6), note)

    def _paint_region(self, p, lane, span, prompt, ok, selected, *, placed, preview=False) -> None:
        g = self.geometry_model
        top = g.lane_top(lane) + 16
        h = g.lane_height_px - 20
        x0, x1 = g.time_to_x(span[0]), g.time_to_x(span[1])
        if x1 < 0 or x0 > self.width():
            return
        rect = QRectF(x0, top, max(x1 - x0, 2), h)
        p.fillRect(rect, REGION_PLACED if (placed or preview) else REGION_UNPLACED)
        pen = QPen(
            REGION_BORDER if (placed or preview) else REGION_BORDER_UNPLACED, 2.5 if selected else 1
        )
        if preview:
            pen.setStyle(Qt.PenStyle.DashLine)
        if selected:
            pen.setColor(QColor("#ffffff"))
        p.setPen(pen)
        p.drawRect(rect)
        label = prompt or ("(type a prompt)" if not preview else "")
        if prompt and not placed:
            label = "⚠ not placed: " + prompt
        p.setPen(TEXT)
        metrics = p.fontMetrics()
        p.drawText(
            rect.adjusted(4, 2, -2, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            metrics.elidedText(label, Qt.TextElideMode.ElideRight, max(int(rect.width()) - 6, 0)),
        )

    # ------------------------------------------------------------------ mouse
    def _snap_candidates(self, lane: int, index: int | None) -> list[float]:
        out = [0.0, self.playhead_s]
        for ti, track in enumerate(self.session.tracks):
            for ri, r in enumerate(track.sorted_regions()):
                if ti == lane and ri == index:
                    continue
                out += [r.start_s, r.end_s]
        return out

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        g = self.geometry_model
        pos = event.position()
        t = max(0.0, g.x_to_time(pos.x()))
        if pos.y() < g.ruler_height_px:
            self._scrubbing = True
            self.seek_requested.emit(t)
            return
        lane = g.lane_at(pos.y(), len(self.session.tracks))
        if lane is None:
            return
        for flag in ("mute", "solo"):
            if self.header_button_rect(lane, flag).contains(pos):
                self.track_flag_toggled.emit(lane, flag)
                return
        hit = hit_region(self._spans(lane), t, EDGE_GRAB_PX / g.px_per_s)
        if hit is not None:
            index, mode = hit
            self.set_selection(lane, index)
            self.selection_changed.emit(lane, index)
            self._drag = _Drag(mode, lane, index, t, pos.x())
        else:
            self.set_selection(lane, -1)
            self.selection_changed.emit(lane, -1)
            self._drag = _Drag(CREATE, lane, None, t, pos.x())

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        g = self.geometry_model
        pos = event.position()
        lane = g.lane_at(pos.y(), len(self.session.tracks))
        if lane is None:
            return
        hit = hit_region(self._spans(lane), g.x_to_time(pos.x()), EDGE_GRAB_PX / g.px_per_s)
        if hit is not None:
            self._drag = None
            self.region_activated.emit(lane, hit[0])
            self.start_inline_edit(lane, hit[0])

    def start_inline_edit(self, lane: int, index: int) -> None:
        """Type the prompt right on the region (Enter commits, Esc cancels)."""
        region = self.session.tracks[lane].sorted_regions()[index]
        g = self.geometry_model
        x0 = max(0.0, g.time_to_x(region.start_s))
        x1 = min(float(self.width()), g.time_to_x(region.end_s))
        width = int(max(x1 - x0, 220))
        self.inline_edit.setGeometry(int(x0), g.lane_top(lane) + 18, width, 26)
        self.inline_edit.setText(region.prompt)
        self.inline_edit.selectAll()
        self._inline_target = (lane, index)
        self.inline_edit.show()
        self.inline_edit.setFocus()

    def _finish_inline_edit(self) -> None:
        target, self._inline_target = self._inline_target, None
        self.inline_edit.hide()
        if target is not None:
            self.inline_prompt_done.emit(target[0], target[1], self.inline_edit.text())

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.inline_edit.isVisible():
            self._inline_target = None
            self.inline_edit.hide()
            return
        super().keyPressEvent(event)

    def follow(self, time_s: float) -> None:
        """Scroll so ``time_s`` stays visible (during playback)."""
        g = self.geometry_model
        if not g.view_start_s <= time_s <= g.view_end_s:
            self.scroll_to(time_s - 0.1 * (g.view_end_s - g.view_start_s))

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        g = self.geometry_model
        pos = event.position()
        t = max(0.0, g.x_to_time(pos.x()))
        if self._scrubbing:
            self.seek_requested.emit(t)
            return
        drag = self._drag
        if drag is None:
            self._update_cursor(pos)
            return
        if abs(pos.x() - drag.press_x) >= CREATE_THRESHOLD_PX:
            drag.moved = True
        if not drag.moved:
            return
        drag.preview = plan_drag(
            drag.mode,
            self._spans(drag.lane),
            drag.index,
            drag.press_s,
            t,
            duration_s=self.track_duration_s(drag.lane),
            snap_candidates=self._snap_candidates(drag.lane, drag.index),
            snap_tolerance_s=8.0 / g.px_per_s,
            grid_step_s=self.grid_step_s(),
        )
        self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self._scrubbing:
            self._scrubbing = False
            return
        if self._drag is None:
            return
        self.mouseMoveEvent(event)  # the release position is the final one
        drag, self._drag = self._drag, None
        if drag.mode == CREATE:
            # the mouse must travel MIN_CREATE_PX: a shorter drag is a (missed) click
            wide_enough = abs(event.position().x() - drag.press_x) >= MIN_CREATE_PX
            if drag.moved and drag.preview and wide_enough:
                self.region_created.emit(drag.lane, *drag.preview)
            else:
                self.seek_requested.emit(drag.press_s)
        elif drag.moved and drag.preview is not None:
            original = self._spans(drag.lane)[drag.index]
            if tuple(drag.preview) != tuple(original):
                self.region_changed.emit(drag.lane, drag.index, *drag.preview)
        self.update()

    def _update_cursor(self, pos) -> None:
        g = self.geometry_model
        lane = g.lane_at(pos.y(), len(self.session.tracks))
        shape = Qt.CursorShape.ArrowCursor
        if lane is not None:
            hit = hit_region(self._spans(lane), g.x_to_time(pos.x()), EDGE_GRAB_PX / g.px_per_s)
            if hit is not None:
                shape = (
                    Qt.CursorShape.SizeHorCursor
                    if hit[1] in (RESIZE_START, RESIZE_END)
                    else Qt.CursorShape.OpenHandCursor
                    if hit[1] == MOVE
                    else shape
                )
            else:
                shape = Qt.CursorShape.IBeamCursor
        self.setCursor(shape)

    def wheelEvent(self, event) -> None:  # noqa: N802
        delta = event.angleDelta().y() or event.angleDelta().x()
        if not delta:
            return
        g = self.geometry_model
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1.25 ** (delta / 120), g.x_to_time(event.position().x()))
        else:
            self.scroll_to(g.view_start_s - delta / 120 * 60 / g.px_per_s)
        event.accept()
