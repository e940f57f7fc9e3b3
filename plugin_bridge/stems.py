"""Binaural stems placed on a timeline, and writing them as Broadcast Wave files.

A render gives every stem from timeline 0 s. A DAW wants each stem as a file that starts
where its sound starts: :func:`place_stem` trims the leading and trailing silence and
records the timeline position of the first kept sample (``start_sample``). The start is
never later than the track's first region, so a DAW item sits at that region's start
even when the sound fades in later; and never later than the first audible sample, so
nothing audible is cut (the source holds its first position before its first region).

:func:`write_stem_files` writes one WAV per stem stamped with a Broadcast Wave time
reference (``bext``) equal to ``start_sample``, so "spot to original time stamp" in Pro
Tools, Nuendo or REAPER puts it back in place, plus ``mix.wav`` at time reference 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from engine.audio_io import resample, write_wav
from engine.errors import ParameterError
from engine.outputs.naming import STEM_SUFFIX, safe_file_stem
from engine.session import Session, Track
from plugin_bridge.errors import ExportError

#: Samples at or below this magnitude count as silence when trimming (-120 dBFS):
#: far below 24-bit resolution, so trimming them never changes what a DAW plays.
SILENCE_THRESHOLD = 1e-6


@dataclass(frozen=True)
class PlacedStem:
    """A stem ``audio [shape=(2, n_samples)]`` whose first sample sits at timeline
    sample ``start_sample``."""

    name: str
    track_index: int
    audio: np.ndarray
    start_sample: int
    sample_rate_hz: int

    @property
    def length_samples(self) -> int:
        return int(self.audio.shape[1])

    @property
    def end_sample(self) -> int:
        return self.start_sample + self.length_samples

    @property
    def start_s(self) -> float:
        return self.start_sample / self.sample_rate_hz

    @property
    def length_s(self) -> float:
        return self.length_samples / self.sample_rate_hz


@dataclass(frozen=True)
class StemFile:
    """A written stem: where it is, what it is called, and where it goes on the timeline."""

    path: Path
    name: str
    start_sample: int
    length_samples: int
    sample_rate_hz: int
    peak_dbfs: float
    note: str = ""

    @property
    def start_s(self) -> float:
        return self.start_sample / self.sample_rate_hz

    @property
    def length_s(self) -> float:
        return self.length_samples / self.sample_rate_hz


def place_stem(
    name: str,
    track_index: int,
    audio: np.ndarray,
    sample_rate_hz: int,
    *,
    first_region_start_s: float | None = None,
    silence_threshold: float = SILENCE_THRESHOLD,
) -> PlacedStem:
    """Trim ``audio [shape=(2, n)]`` (timeline from 0 s) to its sound; see the module docstring.

    A silent stem keeps one block of silence at the first region's start (or 0 s), so
    every track still shows up in a DAW.
    """
    x = np.asarray(audio, dtype=np.float32)
    if x.ndim != 2 or x.shape[0] != 2:
        raise ParameterError(
            f"stem {name!r}: expected binaural audio of shape (2, n), got {x.shape}"
        )
    loud = np.flatnonzero(np.max(np.abs(x), axis=0) > silence_threshold)
    region_start = (
        None if first_region_start_s is None else int(round(first_region_start_s * sample_rate_hz))
    )
    if loud.size == 0:
        start = min(region_start or 0, max(0, x.shape[1] - 1))
        stop = min(start + 1024, x.shape[1]) if x.shape[1] else 0
        if stop <= start:
            x = np.zeros((2, 1024), np.float32)
            start, stop = 0, 1024
        return PlacedStem(
            name, track_index, np.ascontiguousarray(x[:, start:stop]), start, sample_rate_hz
        )
    start = int(loud[0])
    if region_start is not None:
        start = min(start, max(0, region_start))
    stop = int(loud[-1]) + 1
    return PlacedStem(
        name, track_index, np.ascontiguousarray(x[:, start:stop]), start, sample_rate_hz
    )


def timeline_mix(stems: Sequence[PlacedStem], length_samples: int | None = None) -> np.ndarray:
    """The plain sum of placed stems on the timeline ``[shape=(2, length)]`` (what a DAW plays)."""
    end = max((s.end_sample for s in stems), default=0)
    n = max(end, length_samples or 0)
    mix = np.zeros((2, n), np.float32)
    for s in stems:
        mix[:, s.start_sample : s.end_sample] += s.audio
    return mix


def write_stem_files(
    stems: Sequence[PlacedStem],
    folder: Path,
    *,
    bit_depth: str = "pcm24",
    on_clip: str = "error",
    mix: np.ndarray | None = None,
    mix_name: str = "mix",
    suffix: str = STEM_SUFFIX,
) -> tuple[list[StemFile], StemFile | None]:
    """Write each stem as ``<track><suffix>.wav`` (the engine's one naming scheme,
    :mod:`engine.outputs.naming`; BWF time reference = its start) and the
    optional ``mix [shape=(2, n)]`` as ``<mix_name>.wav`` at time reference 0.

    ``on_clip="normalize"`` scales *every* file by one common gain (the loudest peak to
    -1 dBFS), so the stems still sum to the mix; ``"limit"`` limits each file on its own
    (the stems then no longer sum exactly to the mix).
    """
    folder.mkdir(parents=True, exist_ok=True)
    if on_clip == "normalize" and bit_depth != "float32":
        peaks = [float(np.max(np.abs(s.audio))) for s in stems if s.audio.size]
        if mix is not None and mix.size:
            peaks.append(float(np.max(np.abs(mix))))
        loudest = max(peaks, default=0.0)
        if loudest > 1.0:
            gain = np.float32(10 ** (-1.0 / 20) / loudest)
            stems = [
                PlacedStem(s.name, s.track_index, s.audio * gain, s.start_sample, s.sample_rate_hz)
                for s in stems
            ]
            mix = None if mix is None else mix * gain
        on_clip = "error"
    used: set[str] = set()
    mix_file_stem = safe_file_stem(mix_name, used) if mix is not None else None
    files = []
    for s in stems:
        file_stem = safe_file_stem(f"{s.name}{suffix}", used)
        path = folder / f"{file_stem}.wav"
        report = write_wav(
            path,
            s.audio,
            s.sample_rate_hz,
            bit_depth=bit_depth,
            on_clip=on_clip,
            time_reference_samples=s.start_sample,
        )
        files.append(
            StemFile(
                path,
                s.name,
                s.start_sample,
                s.length_samples,
                s.sample_rate_hz,
                report.peak_dbfs,
                report.note,
            )
        )
    mix_file = None
    if mix is not None and mix_file_stem is not None:
        rate = stems[0].sample_rate_hz if stems else 48_000
        path = folder / f"{mix_file_stem}.wav"
        report = write_wav(
            path, mix, rate, bit_depth=bit_depth, on_clip=on_clip, time_reference_samples=0
        )
        mix_file = StemFile(
            path, mix_name, 0, int(mix.shape[1]), rate, report.peak_dbfs, report.note
        )
    return files, mix_file


def _first_region_start_s(track: Track | None) -> float | None:
    if track is None or not track.regions:
        return None
    return track.sorted_regions()[0].start_s


def _select_stems(render: Any, names: tuple[str, ...] | None) -> list[Any]:
    stems = list(render.stems)
    if names is None:
        return stems
    known = [s.name for s in stems]
    missing = [n for n in names if n not in known]
    if missing:
        raise ExportError(
            f"no rendered track named {', '.join(map(repr, missing))}; rendered tracks: {', '.join(map(repr, known))}"
        )
    return [s for s in stems if s.name in names]


def placed_stems(
    session: Session,
    render: Any,
    *,
    sample_rate_hz: int | None,
    track_names: tuple[str, ...] | None,
    notices: list[str],
) -> tuple[list[PlacedStem], np.ndarray, int]:
    """The rendered stems of ``track_names`` (all: ``None``) placed on the session's
    timeline at ``sample_rate_hz`` (``None``: the render's), their mix and the rate."""
    rate = int(render.sample_rate_hz)
    target = sample_rate_hz or rate
    stems = _select_stems(render, track_names)
    if not stems:
        raise ExportError("nothing to export: the render holds no stems")
    if len(stems) == len(render.stems):
        mix = np.asarray(render.mix, np.float32)
    else:
        mix = np.sum([np.asarray(s.audio, np.float32) for s in stems], axis=0)
        notices.append(
            "mix.wav is the plain sum of the selected tracks (the master chain is not re-applied)"
        )
    if target != rate:
        notices.append(f"resampled from {rate} Hz to {target} Hz")
    placed = []
    for s in stems:
        track = session.tracks[s.track_index] if 0 <= s.track_index < len(session.tracks) else None
        audio = np.asarray(s.audio, np.float32)
        if target != rate:
            audio = resample(audio, rate, target)
        placed.append(
            place_stem(
                s.name,
                s.track_index,
                audio,
                target,
                first_region_start_s=_first_region_start_s(track),
            )
        )
    if target != rate:
        mix = resample(mix, rate, target)
    return placed, mix, target


def prompt_markers(
    session: Session, placed: Sequence[PlacedStem], rate: int
) -> list[tuple[int, str]]:
    """``(sample, "<track>: <prompt>")`` at the start of every prompted region of the
    exported tracks, sorted by time (DAW markers)."""
    markers = []
    for stem in placed:
        if not 0 <= stem.track_index < len(session.tracks):
            continue
        track = session.tracks[stem.track_index]
        for region in track.sorted_regions():
            if region.prompt.strip():
                markers.append(
                    (int(round(region.start_s * rate)), f"{track.name}: {region.prompt.strip()}")
                )
    return sorted(markers)


__all__ = [
    "placed_stems",
    "prompt_markers",
    "SILENCE_THRESHOLD",
    "PlacedStem",
    "StemFile",
    "place_stem",
    "timeline_mix",
    "safe_file_stem",
    "write_stem_files",
]
