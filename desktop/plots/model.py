"""Plot series computed from a render (Qt-free), with ``engine.metrics``.

Computed in the render worker thread, so a long mix never stalls the GUI; the view only
draws what is here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIX_KEY = "mix"
ENVELOPE_FLOOR_DB = -90.0


@dataclass(frozen=True)
class PlotSeries:
    """One target's curves: ``diff_db`` = 20 log10(rms_L / rms_R) (positive = left) and the
    RMS envelopes in dBFS, all at ``times_s``."""

    key: str
    label: str
    times_s: np.ndarray
    diff_db: np.ndarray
    env_left_db: np.ndarray
    env_right_db: np.ndarray


def track_key(track_index: int) -> str:
    return f"track:{track_index}"


def series_for(
    key: str, label: str, binaural: np.ndarray, sample_rate_hz: int, *, window_s: float = 0.05
) -> PlotSeries:
    from engine.api import envelopes, spl_difference_db

    times, diff = spl_difference_db(binaural, sample_rate_hz, window_s=window_s)
    _, left, right = envelopes(binaural, sample_rate_hz, window_s=window_s)
    to_db = lambda x: np.maximum(20 * np.log10(np.maximum(x, 1e-12)), ENVELOPE_FLOOR_DB)  # noqa: E731
    return PlotSeries(
        key,
        label,
        np.asarray(times, np.float64),
        np.asarray(diff, np.float64),
        to_db(left),
        to_db(right),
    )


def compute_plot_series(render, *, window_s: float = 0.05) -> dict[str, PlotSeries]:
    """``{"mix": ..., "track:i": ...}`` for an ``engine.render_session.SessionRender``."""
    out = {
        MIX_KEY: series_for(MIX_KEY, "Mix", render.mix, render.sample_rate_hz, window_s=window_s)
    }
    for stem in render.stems:
        key = track_key(stem.track_index)
        if (
            len(render.stems) == 1
            and stem.audio.shape == render.mix.shape
            and np.array_equal(stem.audio, render.mix)
        ):
            mix = out[MIX_KEY]  # a lone stem is the mix: reuse its curves
            out[key] = PlotSeries(
                key, stem.name, mix.times_s, mix.diff_db, mix.env_left_db, mix.env_right_db
            )
            continue
        out[key] = series_for(key, stem.name, stem.audio, render.sample_rate_hz, window_s=window_s)
    return out


def mean_in(series: PlotSeries, start_s: float, end_s: float) -> float:
    """Mean SPL difference (dB) over windows centred inside ``[start_s, end_s]``."""
    mask = (series.times_s >= start_s) & (series.times_s <= end_s)
    return float(np.mean(series.diff_db[mask])) if np.any(mask) else float("nan")
