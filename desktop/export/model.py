"""Write a finished render as WAV stems + mix (Qt-free).

Until the plugin bridge's export (``plugin_bridge.export``) is available this writes
``NN_<track>.wav`` per stem and ``mix.wav``, atomically, through ``engine.audio_io``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from engine.audio_io import write_wav


@dataclass
class ExportReport:
    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def safe_name(name: str) -> str:
    cleaned = re.sub(r"[^\w\- .]+", "_", name).strip(" .")
    return cleaned or "track"


def export_wavs(
    render, folder: str | Path, *, bit_depth: str = "float32", on_clip: str = "error"
) -> ExportReport:
    """Write every stem and the mix of ``render`` (a ``SessionRender``) into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    report = ExportReport()
    for stem in render.stems:
        path = out / f"{stem.track_index + 1:02d}_{safe_name(stem.name)}.wav"
        r = write_wav(path, stem.audio, render.sample_rate_hz, bit_depth=bit_depth, on_clip=on_clip)
        report.paths.append(path)
        if r.note:
            report.notes.append(f"{path.name}: {r.note}")
    mix_path = out / "mix.wav"
    r = write_wav(mix_path, render.mix, render.sample_rate_hz, bit_depth=bit_depth, on_clip=on_clip)
    report.paths.append(mix_path)
    if r.note:
        report.notes.append(f"mix.wav: {r.note}")
    return report
