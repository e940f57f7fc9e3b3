"""Plot series computed from a render (Qt-free), with ``engine.metrics``.

Computed in the render worker thread, so a long mix never stalls the GUI; the view only
draws what is here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIX_KEY = "mix"
ENVELOPE_FLOOR_DB = -90.0
#: Windows where both ears are below this level are silence: their L-R difference is
#: NaN (drawn as a gap), not 0 dB, which would read as "centred".
SILENCE_DBFS = -80.0


@dataclass(frozen=True)
class PlotSeries:
    """One target's curves: ``diff_db`` = 20 log10(rms_L / rms_R) (positive = left; NaN
    where both ears are silent) and the RMS envelopes in dBFS, all at ``times_s``."""

    key: str
    label: str
    times_s: np.ndarray
    diff_db: np.ndarray
    env_left_db: np.ndarray
    env_right_db: np.ndarray


def track_key(track_index: int) -> str:
    return f"track:{track_index}"


CHUNK_WINDOWS = 400  # windows per metrics call (20 s at 50 ms)


def series_for(
    key: str, label: str, binaural: np.ndarray, sample_rate_hz: int, *, window_s: float = 0.05
) -> PlotSeries:
    """Curves of ``binaural [shape=(2, n)]`` with ``engine.metrics``.

    Windows of ``window_s`` without overlap (hop = window): one point per 50 ms is finer
    than the plots show. The signal goes to the metrics in chunks of whole windows, which
    gives the same values as one call but never holds Python's GIL for long, so the GUI
    thread keeps running while a long mix is analysed.
    """
    from engine.api import envelopes, spl_difference_db

    window = max(1, int(round(window_s * sample_rate_hz)))
    chunk = window * CHUNK_WINDOWS
    n = binaural.shape[-1]
    times, diffs, lefts, rights = [], [], [], []
    for start in range(0, max(n, 1), chunk):
        part = binaural[:, start : start + chunk]
        t, d = spl_difference_db(part, sample_rate_hz, window_s=window_s, hop_s=window_s)
        _, left, right = envelopes(part, sample_rate_hz, window_s=window_s, hop_s=window_s)
        times.append(np.asarray(t, np.float64) + start / sample_rate_hz)
        diffs.append(np.asarray(d, np.float64))
        lefts.append(np.asarray(left, np.float64))
        rights.append(np.asarray(right, np.float64))

    def to_db(parts: list[np.ndarray]) -> np.ndarray:
        x = np.concatenate(parts)
        return np.maximum(20 * np.log10(np.maximum(x, 1e-12)), ENVELOPE_FLOOR_DB)

    env_left, env_right = to_db(lefts), to_db(rights)
    diff = np.concatenate(diffs)
    silent = (env_left < SILENCE_DBFS) & (env_right < SILENCE_DBFS)
    diff = np.where(silent, np.nan, diff)
    return PlotSeries(key, label, np.concatenate(times), diff, env_left, env_right)


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
    values = series.diff_db[mask]
    return float(np.nanmean(values)) if np.any(np.isfinite(values)) else float("nan")
