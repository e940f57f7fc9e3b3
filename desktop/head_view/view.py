"""Top-down head view widget (front = up, listener's left = screen left)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from desktop.head_view.model import path_xy, position_at, radius, to_xy
from engine.api import Region, Session

COLOURS = ["#4fc3f7", "#ffb74d", "#aed581", "#f06292", "#ba68c8", "#4db6ac", "#fff176"]


class HeadView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = Session()
        self.selected: tuple[int, Region] | None = None
        self.playhead_s = 0.0
        self.head_yaw_deg = 0.0  # the listener's head (tracker), +90 = turned left
        self.setMinimumSize(220, 220)

    def set_state(self, session: Session, selected: tuple[int, Region] | None) -> None:
        self.session = session
        self.selected = selected
        self.update()

    def set_head_yaw(self, yaw_deg: float) -> None:
        self.head_yaw_deg = float(yaw_deg)
        self.update()

    def set_playhead(self, time_s: float) -> None:
        self.playhead_s = time_s
        self.update()

    def _map(self, x: float, y: float) -> QPointF:
        c = self.rect().center()
        s = min(self.width(), self.height()) / 2 - 18
        return QPointF(c.x() + x * s, c.y() - y * s)

    def paintEvent(self, event) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("#1e2127"))
        s = min(self.width(), self.height()) / 2 - 18
        centre = self._map(0, 0)
        p.setPen(QPen(QColor("#3a3f48"), 1))
        for d in (1.0, 5.0, 20.0):
            r = radius(d) * s
            p.drawEllipse(centre, r, r)
            p.drawText(QPointF(centre.x() + 3, centre.y() - r - 2), f"{d:g} m")
        p.setPen(QColor("#9aa0a6"))
        p.drawText(QRectF(0, 0, self.width(), 16), Qt.AlignmentFlag.AlignHCenter, "front")
        p.drawText(
            QRectF(0, self.height() - 16, self.width(), 16), Qt.AlignmentFlag.AlignHCenter, "behind"
        )
        p.drawText(QRectF(4, 0, 40, self.height()), Qt.AlignmentFlag.AlignVCenter, "L")
        p.drawText(
            QRectF(self.width() - 16, 0, 14, self.height()), Qt.AlignmentFlag.AlignVCenter, "R"
        )
        # head: circle with a nose pointing where the listener faces, and two ears
        head_r = 0.11 * s
        p.save()
        p.translate(centre)
        p.rotate(-self.head_yaw_deg)  # screen y points down: negative = counter-clockwise
        centre = QPointF(0.0, 0.0)
        p.setPen(QPen(QColor("#d0d0d0"), 1.5))
        p.setBrush(QColor("#444a55"))
        p.drawEllipse(centre, head_r, head_r)
        nose = QPolygonF(
            [
                QPointF(centre.x() - head_r * 0.3, centre.y() - head_r * 0.9),
                QPointF(centre.x(), centre.y() - head_r * 1.4),
                QPointF(centre.x() + head_r * 0.3, centre.y() - head_r * 0.9),
            ]
        )
        p.drawPolygon(nose)
        p.drawEllipse(QPointF(centre.x() - head_r, centre.y()), head_r * 0.22, head_r * 0.4)
        p.drawEllipse(QPointF(centre.x() + head_r, centre.y()), head_r * 0.22, head_r * 0.4)
        p.restore()
        centre = self._map(0, 0)
        p.setBrush(Qt.BrushStyle.NoBrush)
        # selected region's path
        if self.selected is not None and self.selected[1].path is not None:
            ti, region = self.selected
            xs, ys = path_xy(region.path)
            colour = QColor(COLOURS[ti % len(COLOURS)])
            path = QPainterPath(self._map(xs[0], ys[0]))
            for x, y in zip(xs[1:], ys[1:], strict=True):
                path.lineTo(self._map(x, y))
            p.setPen(QPen(colour, 2, Qt.PenStyle.DashLine))
            p.drawPath(path)
            p.setBrush(colour)
            p.drawEllipse(self._map(xs[0], ys[0]), 4, 4)
            if len(region.path.keyframes) > 1:
                p.drawRect(
                    QRectF(
                        self._map(xs[-1], ys[-1]) - QPointF(4, 4),
                        self._map(xs[-1], ys[-1]) + QPointF(4, 4),
                    )
                )
        # every audible source at the playhead
        audible = set(id(t) for t in self.session.audible_tracks())
        for ti, track in enumerate(self.session.tracks):
            pos = position_at(track, self.playhead_s)
            if pos is None:
                continue
            x, y = to_xy(pos[0], pos[2])
            pt = self._map(float(x), float(y))
            colour = QColor(COLOURS[ti % len(COLOURS)])
            if id(track) not in audible:
                colour.setAlpha(80)
            p.setPen(QPen(QColor("#ffffff"), 1))
            p.setBrush(colour)
            p.drawEllipse(pt, 7, 7)
            p.setPen(colour)
            p.drawText(
                pt + QPointF(9, 4),
                f"{track.name} ({pos[1]:+.0f}° el)" if abs(pos[1]) >= 10 else track.name,
            )
        p.end()
