"""REAPER projects (``.RPP``) with one track per binaural stem, written with ``rpp``.

Each track holds one item at the stem's timeline position, named after the track and
coloured. REAPER stores colours as its "native" integer with bit 24 set to mark a custom
colour; the native layout is Windows' ``COLORREF`` (``r | g << 8 | b << 16``), which
REAPER also uses in project files on Linux and macOS. Item sources are referenced
relative to the project file (REAPER resolves them against the project folder).

Layout written::

    <name>.RPP
    <name> audio/<stem>.wav
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from plugin_bridge.errors import ExportError
from plugin_bridge.stems import StemFile

CUSTOM_COLOR_FLAG = 0x1000000


@dataclass(frozen=True)
class ReaperItem:
    """One item read back from an RPP file."""

    track_name: str
    item_name: str
    position_s: float
    length_s: float
    file: str
    color_rgb: tuple[int, int, int] | None
    track_muted: bool = False


def reaper_color(rgb: tuple[int, int, int]) -> int:
    """``(r, g, b)`` 0..255 -> REAPER's custom-colour integer."""
    r, g, b = (int(c) & 0xFF for c in rgb)
    return CUSTOM_COLOR_FLAG | r | (g << 8) | (b << 16)


def rgb_from_reaper(value: int) -> tuple[int, int, int] | None:
    if not value & CUSTOM_COLOR_FLAG:
        return None
    return value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF


def _guid() -> str:
    return "{" + str(uuid.uuid4()).upper() + "}"


def _seconds(samples: int, sample_rate_hz: int) -> str:
    return repr(samples / sample_rate_hz)


def stem_track(
    stem: StemFile, rel_file: str, color: int, *, name: str, muted: bool, sample_rate_hz: int
) -> Any:
    """An ``rpp`` ``TRACK`` element named ``name`` holding one stereo item of ``stem``
    (file ``rel_file``, relative to the project) at its timeline position; times in
    seconds at ``sample_rate_hz``; ``color`` is REAPER's integer (:func:`reaper_color`)."""
    import rpp

    item = rpp.Element(
        "ITEM",
        children=[
            ["POSITION", _seconds(stem.start_sample, sample_rate_hz)],
            ["LENGTH", _seconds(stem.length_samples, sample_rate_hz)],
            ["LOOP", 0],
            ["FADEIN", 1, 0, 0, 1, 0, 0, 0],
            ["FADEOUT", 1, 0, 0, 1, 0, 0, 0],
            ["COLOR", color, "B"],
            ["NAME", stem.name],
            ["IGUID", _guid()],
            ["SOFFS", 0],
            rpp.Element("SOURCE", ["WAVE"], children=[["FILE", rel_file]]),
        ],
    )
    return rpp.Element(
        "TRACK",
        [_guid()],
        children=[
            ["NAME", name],
            ["PEAKCOL", color],
            ["MUTESOLO", 1 if muted else 0, 0, 0],
            ["NCHAN", 2],
            ["TRACKID", _guid()],
            item,
        ],
    )


def write_reaper_project(
    stems: Sequence[StemFile],
    project_file: Path,
    *,
    sample_rate_hz: int,
    colors_rgb: Sequence[tuple[int, int, int]] = ((70, 130, 180),),
    markers: Sequence[tuple[int, str]] = (),
    reference_tracks: Sequence[StemFile] = (),
) -> Path:
    """Write ``project_file`` (``.RPP``) referencing the stem WAVs relative to its folder;
    ``markers`` are ``(timeline sample, text)`` project markers (region prompts);
    ``reference_tracks`` are added after the stems, muted."""
    import rpp

    if not stems:
        raise ExportError("nothing to export to REAPER: no stems")
    folder = project_file.parent
    tracks = []
    every = [(s, False) for s in stems] + [(s, True) for s in reference_tracks]
    for i, (stem, muted) in enumerate(every):
        color = reaper_color(colors_rgb[i % len(colors_rgb)])
        try:
            rel = stem.path.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            rel = str(stem.path.resolve())
        tracks.append(
            stem_track(stem, rel, color, name=stem.name, muted=muted, sample_rate_hz=sample_rate_hz)
        )
    project = rpp.Element(
        "REAPER_PROJECT",
        ["0.1", "7.0/linux-x86_64", 0],
        children=[
            ["SAMPLERATE", sample_rate_hz, 0, 0],
            ["TEMPO", 120, 4, 4],
            ["TIMELOCKMODE", 1],
            *[
                ["MARKER", i + 1, _seconds(int(sample), sample_rate_hz), text, 0]
                for i, (sample, text) in enumerate(markers)
            ],
            *tracks,
        ],
    )
    project_file.write_text(rpp.dumps(project), encoding="utf-8")
    return project_file


def read_reaper_markers(project_file: Path) -> list[tuple[float, str]]:
    """``(position_s, name)`` of every project marker of an RPP file."""
    import rpp

    root = rpp.loads(project_file.read_text(encoding="utf-8"))
    return [
        (float(m[2]), m[3]) for m in root.children if isinstance(m, list) and m and m[0] == "MARKER"
    ]


def read_reaper_items(project_file: Path) -> list[ReaperItem]:
    """Every item of an RPP file (for checking an export)."""
    import rpp

    root = rpp.loads(project_file.read_text(encoding="utf-8"))
    items = []
    for track in root.findall(".//TRACK"):
        name_line = track.find("NAME")
        track_name = name_line[1] if name_line is not None else ""
        mute_line = track.find("MUTESOLO")
        track_muted = mute_line is not None and mute_line[1] == "1"
        for item in track.findall("ITEM"):
            color_line = item.find("COLOR")
            source = item.find("SOURCE")
            file_line = source.find("FILE") if source is not None else None
            items.append(
                ReaperItem(
                    track_name=track_name,
                    item_name=item.find("NAME")[1],
                    position_s=float(item.find("POSITION")[1]),
                    length_s=float(item.find("LENGTH")[1]),
                    file=file_line[1] if file_line is not None else "",
                    color_rgb=None if color_line is None else rgb_from_reaper(int(color_line[1])),
                    track_muted=track_muted,
                )
            )
    return items


__all__ = [
    "ReaperItem",
    "reaper_color",
    "rgb_from_reaper",
    "write_reaper_project",
    "read_reaper_items",
    "read_reaper_markers",
]
