"""``plots.png``: per track (and the mix), the SPL difference over time and both envelopes.

Uses matplotlib's Agg backend (no display needed). The SPL difference
``20 log10(rms_L / rms_R)`` is shaded, positive = left; envelopes are in dBFS.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from engine.metrics import envelopes, spl_difference_db


def save_plots_png(
    named_audio: list[tuple[str, np.ndarray]],
    sample_rate_hz: int,
    path: str | os.PathLike,
    *,
    window_s: float = 0.05,
) -> Path:
    """Write one row per ``(name, binaural (2, n))``: SPL difference | envelopes."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    rows = len(named_audio)
    fig, axes = plt.subplots(rows, 2, figsize=(12, 2.4 * rows + 0.6), squeeze=False, sharex=True)
    for row, (name, audio) in enumerate(named_audio):
        times, diff = spl_difference_db(audio, sample_rate_hz, window_s=window_s)
        ax = axes[row, 0]
        ax.plot(times, diff, color="black", linewidth=0.8)
        ax.fill_between(
            times, 0, diff, where=diff >= 0, color="tab:blue", alpha=0.4, label="left louder"
        )
        ax.fill_between(
            times, 0, diff, where=diff < 0, color="tab:red", alpha=0.4, label="right louder"
        )
        ax.axhline(0, color="grey", linewidth=0.5)
        ax.set_ylabel("L-R SPL (dB)")
        ax.set_title(f"{name}: SPL difference (+ = left)", fontsize=9, loc="left")
        lim = max(6.0, float(np.nanmax(np.abs(diff))) * 1.1) if diff.size else 6.0
        ax.set_ylim(-lim, lim)
        _, env_l, env_r = envelopes(audio, sample_rate_hz, window_s=window_s)
        ax = axes[row, 1]
        ax.plot(times, 20 * np.log10(env_l + 1e-6), color="tab:blue", linewidth=0.8, label="left")
        ax.plot(times, 20 * np.log10(env_r + 1e-6), color="tab:red", linewidth=0.8, label="right")
        ax.set_ylabel("RMS (dBFS)")
        ax.set_ylim(-80, 6)
        ax.set_title(f"{name}: envelopes", fontsize=9, loc="left")
        if row == 0:
            axes[row, 0].legend(loc="upper right", fontsize=7)
            ax.legend(loc="upper right", fontsize=7)
    for ax in axes[-1]:
        ax.set_xlabel("time (s)")
    fig.tight_layout()
    out = Path(path)
    tmp = out.with_name(f".{out.name}.tmp.png")
    try:
        fig.savefig(tmp, dpi=100)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        plt.close(fig)
    return out
