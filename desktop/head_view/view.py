"""Head view widget: top-down (front = up, listener's left = screen left) beside a side
view (front = right, up = up) that shows elevation. Sources whose audio has ended are not
drawn; labels are moved apart so they never overlap."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from desktop.head_view.model import (
    path_side_xy,
    path_xy,
    positions_at,
    radius,
    sounding,
    spread_labels,
    to_side_xy,
    to_xy,
)
from engine.api import Region, Session

COLOURS = ["#4fc3f7", "#ffb74d", "#aed581", "#f06292", "#ba68c8", "#4db6ac", "#fff176"]
BG = QColor("#1e2127")
RING = QColor("#3a3f48")
DIM = QColor("#9aa0a6")
MARGIN_PX = 18
TOP_DOWN = "top"
SIDE = "side"


class HeadView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = Session()
        self.selected: tuple[int, Region] | None = None
        self.durations_s: dict[int, float] = {}
        self.playhead_s = 0.0
        self.head_yaw_deg = 0.0  # the listener's head (tracker), +90 = turned left
        self.label_rects: list[QRectF] = []  # last paint's label boxes (for tests)
        self.drawn_tracks: list[int] = []  # tracks drawn at the playhead in the last paint
        self.setMinimumSize(260, 200)

    def set_state(
        self,
        session: Session,
        selected: tuple[int, Region] | None,
        durations_s: dict[int, float] | None = None,
    ) -> None:
        """``durations_s``: audio length per track index; a track is hidden after its end."""
        self.session = session
        self.selected = selected
        if durations_s is not None:
            self.durations_s = dict(durations_s)
        self.update()

    def set_head_yaw(self, yaw_deg: float) -> None:
        """Turn the drawn head (top view) to where the listener faces."""
        self.head_yaw_deg = float(yaw_deg)
        self.update()

    def set_playhead(self, time_s: float) -> None:
        self.playhead_s = time_s
        self.update()

    # ------------------------------------------------------------------ geometry
    def panels(self) -> dict[str, QRectF]:
        """The two views' rectangles: side by side when wide, else stacked."""
        w, h = float(self.width()), float(self.height())
        if w >= 1.4 * h:
            return {TOP_DOWN: QRectF(0, 0, w / 2, h), SIDE: QRectF(w / 2, 0, w / 2, h)}
        return {TOP_DOWN: QRectF(0, 0, w, h / 2), SIDE: QRectF(0, h / 2, w, h / 2)}

    @staticmethod
    def _scale(rect: QRectF) -> float:
        return max(min(rect.width(), rect.height()) / 2 - MARGIN_PX, 10.0)

    def _map(self, rect: QRectF, x: float, y: float) -> QPointF:
        c = rect.center()
        s = self._scale(rect)
        return QPointF(c.x() + x * s, c.y() - y * s)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), BG)
        panels = self.panels()
        self._paint_frame(p, panels[TOP_DOWN], TOP_DOWN)
        self._paint_frame(p, panels[SIDE], SIDE)
        p.setPen(QPen(RING, 1))
        a, b = panels[TOP_DOWN], panels[SIDE]
        if b.left() > a.left():
            p.drawLine(QPointF(b.left(), 4), QPointF(b.left(), self.height() - 4))
        else:
            p.drawLine(QPointF(4, b.top()), QPointF(self.width() - 4, b.top()))
        self._paint_selected_path(p, panels)
        self._paint_sources(p, panels)
        p.end()

    def _paint_frame(self, p: QPainter, rect: QRectF, kind: str) -> None:
        s = self._scale(rect)
        centre = self._map(rect, 0, 0)
        p.setPen(QPen(RING, 1))
        p.setBrush(Qt.BrushStyle.NoBrush)
        for d in (1.0, 5.0, 20.0):
            r = radius(d) * s
            p.drawEllipse(centre, r, r)
            p.drawText(QPointF(centre.x() + 3, centre.y() - r - 2), f"{d:g} m")
        p.setPen(DIM)
        top, bottom, left, right = (
            ("front", "behind", "L", "R")
            if kind == TOP_DOWN
            else ("above", "below", "back", "front")
        )
        p.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), 16), Qt.AlignmentFlag.AlignHCenter, top
        )
        p.drawText(
            QRectF(rect.left(), rect.bottom() - 16, rect.width(), 16),
            Qt.AlignmentFlag.AlignHCenter,
            bottom,
        )
        p.drawText(
            QRectF(rect.left() + 4, rect.top(), 60, rect.height()),
            Qt.AlignmentFlag.AlignVCenter,
            left,
        )
        p.drawText(
            QRectF(rect.right() - 64, rect.top(), 60, rect.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            right,
        )
        title = "top view" if kind == TOP_DOWN else "side view"
        p.drawText(QPointF(rect.left() + 4, rect.bottom() - 4), title)
        self._paint_head(p, centre, 0.11 * s, kind)

    def _paint_head(self, p: QPainter, centre: QPointF, head_r: float, kind: str) -> None:
        p.save()
        p.translate(centre)
        if kind == TOP_DOWN:
            p.rotate(-self.head_yaw_deg)  # screen y points down: negative = counter-clockwise
        centre = QPointF(0.0, 0.0)
        p.setPen(QPen(QColor("#d0d0d0"), 1.5))
        p.setBrush(QColor("#444a55"))
        p.drawEllipse(centre, head_r, head_r)
        if kind == TOP_DOWN:  # nose to the front (up), ears left and right
            nose = [(-0.3, -0.9), (0.0, -1.4), (0.3, -0.9)]
            ears = [(-1.0, 0.0), (1.0, 0.0)]
            ear_size = (0.22, 0.4)
        else:  # seen from the right: nose to the front (right), one ear
            nose = [(0.9, -0.3), (1.4, 0.0), (0.9, 0.3)]
            ears = [(-0.15, 0.05)]
            ear_size = (0.15, 0.25)
        p.drawPolygon(
            QPolygonF(
                [QPointF(centre.x() + dx * head_r, centre.y() + dy * head_r) for dx, dy in nose]
            )
        )
        for dx, dy in ears:
            p.drawEllipse(
                QPointF(centre.x() + dx * head_r, centre.y() + dy * head_r),
                head_r * ear_size[0],
                head_r * ear_size[1],
            )
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.restore()

    def _paint_selected_path(self, p: QPainter, panels: dict[str, QRectF]) -> None:
        if self.selected is None or self.selected[1].path is None:
            return
        ti, region = self.selected
        colour = QColor(COLOURS[ti % len(COLOURS)])
        for kind, (xs, ys) in (
            (TOP_DOWN, path_xy(region.path)),
            (SIDE, path_side_xy(region.path)),
        ):
            rect = panels[kind]
            path = QPainterPath(self._map(rect, xs[0], ys[0]))
            for x, y in zip(xs[1:], ys[1:], strict=True):
                path.lineTo(self._map(rect, x, y))
            p.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(path)
            p.setBrush(colour)
            p.drawEllipse(self._map(rect, xs[0], ys[0]), 4, 4)
            if len(region.path.keyframes) > 1:
                end = self._map(rect, xs[-1], ys[-1])
                p.drawRect(QRectF(end - QPointF(4, 4), end + QPointF(4, 4)))

    def _add_source(self, panels, metrics, pos, name, colour, dots, anchors, sizes, texts) -> None:
        """One source's dot and label in both views (``pos``: az, el, distance)."""
        top_xy = to_xy(pos[0], pos[2], pos[1])
        side_xy = to_side_xy(pos[0], pos[1], pos[2])
        for kind, (x, y) in ((TOP_DOWN, top_xy), (SIDE, side_xy)):
            pt = self._map(panels[kind], float(x), float(y))
            dots.append((pt, colour))
            label = name if kind == TOP_DOWN else f"{name} {pos[1]:+.0f}°"
            anchors.append((pt.x() + 9, pt.y() - metrics.ascent() / 2 - 2))
            sizes.append((float(metrics.horizontalAdvance(label)), float(metrics.height())))
            texts.append((label, colour))

    def _paint_sources(self, p: QPainter, panels: dict[str, QRectF]) -> None:
        """Every source that still sounds at the playhead, in both views, labels apart."""
        audible = set(id(t) for t in self.session.audible_tracks())
        metrics = p.fontMetrics()
        dots: list[tuple[QPointF, QColor]] = []
        anchors: list[tuple[float, float]] = []
        sizes: list[tuple[float, float]] = []
        texts: list[tuple[str, QColor]] = []
        drawn: list[int] = []
        for ti, track in enumerate(self.session.tracks):
            if not sounding(self.playhead_s, self.durations_s.get(ti)):
                continue
            positions = positions_at(track, self.playhead_s)  # one per source
            if not positions:
                continue
            drawn.append(ti)
            colour = QColor(COLOURS[ti % len(COLOURS)])
            if id(track) not in audible:
                colour.setAlpha(80)
            for k, pos in enumerate(positions):
                name = track.name if k == 0 else f"{track.name} ({k + 1})"
                self._add_source(panels, metrics, pos, name, colour, dots, anchors, sizes, texts)
        obstacles = [(pt.x() - 7, pt.y() - 7, 14.0, 14.0) for pt, _c in dots]
        for rect in panels.values():  # the heads
            c, head_r = rect.center(), 0.11 * self._scale(rect) * 1.5
            obstacles.append((c.x() - head_r, c.y() - head_r, 2 * head_r, 2 * head_r))
        for pt, colour in dots:
            p.setPen(QPen(QColor("#ffffff"), 1))
            p.setBrush(colour)
            p.drawEllipse(pt, 6, 6)
        p.setBrush(Qt.BrushStyle.NoBrush)
        self.label_rects = []
        for (x, y), (w, h), (label, colour), (_ax, ay), (dot, _c) in zip(
            spread_labels(anchors, sizes, obstacles=obstacles),
            sizes,
            texts,
            anchors,
            dots,
            strict=True,
        ):
            rect = QRectF(x, y, w, h)
            self.label_rects.append(rect)
            if abs(y - ay) > 0.5:  # moved away from its dot: a leader line shows whose it is
                leader = QColor(colour)
                leader.setAlpha(120)
                p.setPen(QPen(leader, 1))
                p.drawLine(dot, QPointF(x - 1, y + h / 2))
            p.setPen(colour)
            p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        self.drawn_tracks = drawn
