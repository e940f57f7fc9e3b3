"""pyqtgraph plots of the render, repainted on a timer.

Setters only store state and mark the view dirty; a 50 ms timer applies the latest
state, so a burst of playhead or zoom updates costs one repaint.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.plots.model import MIX_KEY, PlotSeries

REPAINT_MS = 50
LEFT_COLOUR = (79, 195, 247)
RIGHT_COLOUR = (240, 98, 146)


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


class PlotsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # No antialiasing: curves are dense and antialiased fills cost ~10x more to paint.
        pg.setConfigOptions(antialias=False, background="#1e2127", foreground="#c8c8c8")
        self.series: dict[str, PlotSeries] = {}
        self.current_key = MIX_KEY
        self._x_range = (0.0, 10.0)
        self._playhead_s = 0.0
        self._dirty_data = False
        self._dirty_view = False
        self._envelopes_pending = False
        self.stale = False

        self.target_combo = QComboBox()
        self.target_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.target_combo.setMinimumWidth(150)
        self.target_combo.addItem("Mix", MIX_KEY)
        self.target_combo.currentIndexChanged.connect(self._target_changed)
        self.status = QLabel("Not rendered yet: press Render (Ctrl+R).")
        self.status.setStyleSheet("color:#9aa0a6")
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Plots</b> of"))
        top.addWidget(self.target_combo)
        top.addWidget(self.status, 1)

        self.spl_plot = pg.PlotWidget()
        self.spl_plot.setLabel("left", "L − R", units="dB")
        self._set_spl_title(with_mix=False)
        self.spl_plot.showGrid(x=True, y=True, alpha=0.2)
        self.spl_plot.addLine(y=0, pen=pg.mkPen("#666", width=1))
        self.spl_left_fill = self.spl_plot.plot(
            pen=None, fillLevel=0, brush=pg.mkBrush(*LEFT_COLOUR, 90)
        )
        self.spl_right_fill = self.spl_plot.plot(
            pen=None, fillLevel=0, brush=pg.mkBrush(*RIGHT_COLOUR, 90)
        )
        self.mix_curve = self.spl_plot.plot(
            pen=pg.mkPen("#9aa0a6", width=1, style=Qt.PenStyle.DashLine), connect="finite"
        )
        self.spl_curve = self.spl_plot.plot(pen=pg.mkPen("#e6e6e6", width=1.2), connect="finite")
        self.env_plot = pg.PlotWidget()
        self.env_plot.setLabel("left", "level", units="dBFS")
        self.env_plot.setLabel("bottom", "time", units="s")
        # the legend is in the title, so it never covers the curves
        self.env_plot.setTitle(
            "Envelopes (RMS, 50 ms): "
            f"<span style='color:{_hex(LEFT_COLOUR)}'>━ left ear</span> &nbsp; "
            f"<span style='color:{_hex(RIGHT_COLOUR)}'>━ right ear</span>",
            size="9pt",
        )
        self.env_plot.showGrid(x=True, y=True, alpha=0.2)
        self.env_left_curve = self.env_plot.plot(pen=pg.mkPen(LEFT_COLOUR, width=1.3))
        self.env_right_curve = self.env_plot.plot(pen=pg.mkPen(RIGHT_COLOUR, width=1.3))
        self.env_plot.setXLink(self.spl_plot)
        self.playheads = [pg.InfiniteLine(0, pen=pg.mkPen("#ff5050", width=1.5)) for _ in range(2)]
        self.spl_plot.addItem(self.playheads[0])
        self.env_plot.addItem(self.playheads[1])
        self.spl_plot.setYRange(-12, 12, padding=0)
        self.env_plot.setYRange(-60, 0, padding=0)
        self.curves = (
            self.mix_curve,
            self.spl_curve,
            self.spl_left_fill,
            self.spl_right_fill,
            self.env_left_curve,
            self.env_right_curve,
        )
        for c in self.curves:
            c.setClipToView(True)
        for w in (self.spl_plot, self.env_plot):
            w.enableAutoRange(x=False)  # the timeline decides what time range is shown
            w.setMouseEnabled(x=False, y=True)
            w.getPlotItem().setMenuEnabled(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.spl_plot, 1)
        layout.addWidget(self.env_plot, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(REPAINT_MS)
        self.timer.timeout.connect(self._repaint)
        self.timer.start()

    def _set_spl_title(self, *, with_mix: bool) -> None:
        """Title with the legend: what the solid line (and the dashed mix line) are."""
        mix = " &nbsp; <span style='color:#9aa0a6'>┅ mix, for comparison</span>" if with_mix else ""
        self.spl_plot.setTitle(
            f"<span style='color:#e6e6e6'>━ {self._target_label()}</span>{mix}"
            " &nbsp; (L − R level: above 0 = louder left; gap = silence)",
            size="9pt",
        )
        self.spl_title_has_mix = with_mix

    def _target_label(self) -> str:
        s = self.series.get(self.current_key)
        return "mix" if s is None or self.current_key == MIX_KEY else f"track {s.label}"

    # ------------------------------------------------------------------ state in
    def set_series(self, series: dict[str, PlotSeries]) -> None:
        self.series = series
        current = self.current_key
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        if not series:
            self.target_combo.addItem("Mix", MIX_KEY)
            self.status.setText("Not rendered yet: press Render (Ctrl+R).")
            self.status.setStyleSheet("color:#9aa0a6")
        for key, s in series.items():
            self.target_combo.addItem(s.label if key == MIX_KEY else f"Track: {s.label}", key)
        idx = self.target_combo.findData(current)
        self.target_combo.setCurrentIndex(max(idx, 0))
        self.current_key = self.target_combo.currentData() or MIX_KEY
        self.target_combo.blockSignals(False)
        self.set_stale(False)
        self._dirty_data = True

    def set_stale(self, stale: bool, reason: str = "") -> None:
        self.stale = stale
        if not self.series:
            return
        if stale:
            self.status.setText(
                f"⚠ Out of date{': ' + reason if reason else ''} — render again (Ctrl+R)."
            )
            self.status.setStyleSheet("color:#ffa64d")
        else:
            self.status.setText("Up to date.")
            self.status.setStyleSheet("color:#9aa0a6")

    def show_target(self, key: str) -> None:
        """Plot ``key`` (``"mix"`` or ``"track:i"``) if it was rendered."""
        idx = self.target_combo.findData(key)
        if idx >= 0:
            self.target_combo.setCurrentIndex(idx)

    def set_x_range(self, start_s: float, end_s: float) -> None:
        self._x_range = (start_s, end_s)
        self._dirty_view = True

    def set_playhead(self, time_s: float) -> None:
        self._playhead_s = time_s
        self._dirty_view = True

    def _target_changed(self, _index: int) -> None:
        self.current_key = self.target_combo.currentData() or MIX_KEY
        self._dirty_data = True

    # ------------------------------------------------------------------ painting
    def _repaint(self) -> None:
        """Apply the latest state. New data goes in over two ticks (SPL plot, then the
        envelopes) so no single event-loop turn paints both plots from scratch."""
        if self._dirty_data:
            self._dirty_data = False
            self._set_downsampling()
            s = self.series.get(self.current_key)
            if s is None:
                for c in self.curves:
                    c.setData([], [])
            else:
                mix = self.series.get(MIX_KEY)
                # a lone track is the mix: no dashed copy of the same curve
                with_mix = (
                    mix is not None and self.current_key != MIX_KEY and mix.diff_db is not s.diff_db
                )
                if with_mix:
                    self.mix_curve.setData(mix.times_s, mix.diff_db)  # dashed reference
                else:
                    self.mix_curve.setData([], [])
                self._set_spl_title(with_mix=with_mix)
                self.spl_curve.setData(s.times_s, s.diff_db)
                finite = np.nan_to_num(s.diff_db, nan=0.0)  # silence: no fill
                self.spl_left_fill.setData(s.times_s, np.maximum(finite, 0.0))
                self.spl_right_fill.setData(s.times_s, np.minimum(finite, 0.0))
                lim = (
                    max(6.0, float(np.nanmax(np.abs(s.diff_db))) * 1.1)
                    if np.any(np.isfinite(s.diff_db))
                    else 6.0
                )
                self.spl_plot.setYRange(-lim, lim, padding=0)
                self._envelopes_pending = True
            self._dirty_view = True
            return
        if self._envelopes_pending:
            self._envelopes_pending = False
            s = self.series.get(self.current_key)
            if s is not None:
                self.env_left_curve.setData(s.times_s, s.env_left_db)
                self.env_right_curve.setData(s.times_s, s.env_right_db)
                top = float(
                    np.nanmax([s.env_left_db.max(initial=-90), s.env_right_db.max(initial=-90)])
                )
                self.env_plot.setYRange(max(top - 60, -90), top + 3, padding=0)
            return
        if self._dirty_view:
            self._dirty_view = False
            self._set_downsampling()
            self.spl_plot.setXRange(*self._x_range, padding=0)
            for line in self.playheads:
                line.setValue(self._playhead_s)

    def _set_downsampling(self) -> None:
        """Peak-decimate to about one point per pixel of the visible range (pyqtgraph's
        automatic mode did not reduce the work here)."""
        s = self.series.get(self.current_key)
        if s is None or s.times_s.size < 2:
            return
        step = float(s.times_s[1] - s.times_s[0]) or 1.0
        visible = (self._x_range[1] - self._x_range[0]) / step
        ds = max(1, int(2 * visible / max(self.spl_plot.width(), 100)))  # "peak" keeps 2 per step
        for c in self.curves:
            if c.opts.get("downsample") != ds:
                c.setDownsampling(ds=ds, auto=False, method="peak")

    def spl_data(self) -> tuple[np.ndarray, np.ndarray]:
        """What the SPL-difference curve currently shows ``(times_s, diff_db)``."""
        x, y = self.spl_curve.xData, self.spl_curve.yData
        return (np.asarray([]), np.asarray([])) if x is None else (np.asarray(x), np.asarray(y))
