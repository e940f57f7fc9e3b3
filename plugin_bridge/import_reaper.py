"""Read a REAPER project (``.RPP``, parsed with ``rpp``) as a :class:`DawProject`.

What is read, per ``TRACK``: ``NAME``, ``MUTESOLO`` (mute), ``VOLPAN`` (volume, linear
-> ``gain_db``); per ``ITEM``: ``POSITION``/``LENGTH`` (seconds, rounded to the nearest
project sample), ``SOFFS`` (source offset, seconds), ``MUTE``, ``NAME``, ``<NOTES``,
``VOLPAN`` (item volume, linear), ``FADEIN``/``FADEOUT`` (length; applied as linear
fades); of the active take (``TAKE SEL``, else the first): ``NAME``, ``SOFFS``,
``TAKEVOLPAN`` (volume), ``CHANMODE`` (left/right only pick that channel) and its
``<SOURCE WAVE|FLAC|MP3|VORBIS`` ``FILE`` (found as
:func:`~plugin_bridge.project_import.locate_media` says). Dropped, and listed in the
notices: pan, play rate other than 1, fade shapes other than linear, inactive takes,
envelopes and FX.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from plugin_bridge.errors import ProjectImportError
from plugin_bridge.project_import import (
    ChannelSource,
    DawProject,
    SourceItem,
    SourceTrack,
    linear_gain_db,
    locate_media,
    samples,
)

_AUDIO_SOURCES = ("WAVE", "FLAC", "MP3", "VORBIS", "OGG", "AIFF")
_DROPPED_CHILDREN = {
    "FXCHAIN": "track FX",
    "VOLENV2": "volume envelopes",
    "PANENV2": "pan envelopes",
    "VOLENV": "volume envelopes",
    "PANENV": "pan envelopes",
}


def _line(element: Any, key: str) -> list[str] | None:
    for child in element.children:
        if isinstance(child, list) and child and child[0] == key:
            return child
    return None


def _float(line: list[str] | None, index: int, default: float) -> float:
    if line is None or len(line) <= index:
        return default
    try:
        return float(line[index])
    except ValueError:
        return default


def _notes(element: Any) -> str:
    notes = element.find("NOTES")
    if notes is None:
        return ""
    lines = [c[0] if isinstance(c, list) and c else str(c) for c in notes.children]
    return " ".join(str(s).lstrip("|") for s in lines).strip()


def _source_file(item: Any) -> tuple[str | None, str | None]:
    """``(file, kind)`` of the item's first take's source (``SECTION`` sources unwrap)."""
    source = item.find("SOURCE")
    while source is not None:
        kind = source.attrib[0] if source.attrib else ""
        if kind == "SECTION":
            inner = source.find("SOURCE")
            if inner is None:
                return None, kind
            source = inner
            continue
        line = _line(source, "FILE")
        return (line[1] if line and len(line) > 1 else None), kind
    return None, None


def _active_take(item: Any) -> tuple[Any, int]:
    """The item's active take as an element holding its lines (``TAKE SEL`` marks it;
    the first take's lines come before the first ``TAKE`` line), and the take count."""
    import rpp

    takes: list[tuple[bool, list[Any]]] = [(False, [])]
    for child in item.children:
        if isinstance(child, list) and child and child[0] == "TAKE":
            takes.append(("SEL" in child[1:], []))
        else:
            takes[-1][1].append(child)
    chosen = next((lines for selected, lines in takes if selected), takes[0][1])
    return rpp.Element("TAKE", children=chosen), len(takes)


def read_reaper_project(project_file: Path) -> DawProject:
    import rpp

    try:
        root = rpp.loads(project_file.read_text(encoding="utf-8", errors="replace"))
    except Exception as exc:  # rpp raises its own parse errors
        raise ProjectImportError(f"{project_file}: not a readable REAPER project ({exc})") from exc
    if getattr(root, "tag", "") != "REAPER_PROJECT":
        raise ProjectImportError(f"{project_file}: not a REAPER project (no <REAPER_PROJECT>)")
    rate_line = _line(root, "SAMPLERATE")
    rate = int(_float(rate_line, 1, 0)) or 48_000
    notices: list[str] = []
    if rate_line is None:
        notices.append(f"{project_file.name}: no SAMPLERATE; using {rate} Hz")
    folder = project_file.parent
    dropped: dict[str, set[str]] = {}
    tracks = []
    for t_index, track in enumerate(root.findall(".//TRACK")):
        name_line = _line(track, "NAME")
        track_name = name_line[1] if name_line and len(name_line) > 1 else f"Track {t_index + 1}"
        muted = _float(_line(track, "MUTESOLO"), 1, 0) != 0
        volpan = _line(track, "VOLPAN")
        volume = _float(volpan, 1, 1.0)
        if _float(volpan, 2, 0.0) != 0:
            dropped.setdefault("track pan", set()).add(track_name)
        for child in track.children:
            tag = getattr(child, "tag", None)
            if tag in _DROPPED_CHILDREN:
                dropped.setdefault(_DROPPED_CHILDREN[tag], set()).add(track_name)
        items = []
        for item in track.findall("ITEM"):
            take, n_takes = _active_take(item)
            item_name_line = _line(take, "NAME")
            item_name = item_name_line[1] if item_name_line and len(item_name_line) > 1 else ""
            label = f"{track_name}/{item_name or '?'}"
            if n_takes > 1:
                dropped.setdefault("inactive takes", set()).add(label)
            file, kind = _source_file(take)
            if kind is not None and kind not in _AUDIO_SOURCES and kind != "SECTION":
                notices.append(f"item {label}: {kind} source is not audio; skipped")
                continue
            if file is None:
                notices.append(f"item {label}: no audio source; skipped")
                continue
            path, how = locate_media(file, folder)
            if how:
                notices.append(f"item {label}: {file!r} {how}")
            rate_of_play = _float(_line(take, "PLAYRATE"), 1, 1.0)
            if rate_of_play != 1.0:
                dropped.setdefault("play rate", set()).add(label)
            channel = {3: 0, 4: 1}.get(int(_float(_line(take, "CHANMODE"), 1, 0)))
            item_volpan = _line(item, "VOLPAN")
            if _float(item_volpan, 2, 0.0) != 0:
                dropped.setdefault("item pan", set()).add(label)
            take_volpan = _line(take, "TAKEVOLPAN")
            if _float(take_volpan, 1, 0.0) != 0:
                dropped.setdefault("take pan", set()).add(label)
            fades = []
            for key in ("FADEIN", "FADEOUT"):
                fade = _line(item, key)
                length_s = _float(fade, 2, 0.0)
                if length_s > 0 and _float(fade, 1, 0.0) != 0:
                    dropped.setdefault("fade shapes (applied as linear)", set()).add(label)
                fades.append(samples(length_s, rate))
            items.append(
                SourceItem(
                    name=item_name,
                    sources=(ChannelSource(path, channel),),
                    position_samples=samples(_float(_line(item, "POSITION"), 1, 0.0), rate),
                    length_samples=samples(_float(_line(item, "LENGTH"), 1, 0.0), rate),
                    offset_samples=samples(_float(_line(take, "SOFFS"), 1, 0.0), rate),
                    gain=_float(item_volpan, 1, 1.0) * _float(take_volpan, 2, 1.0),
                    fade_in_samples=fades[0],
                    fade_out_samples=fades[1],
                    muted=_float(_line(item, "MUTE"), 1, 0) != 0,
                    notes=_notes(item),
                )
            )
        tracks.append(
            SourceTrack(
                name=track_name,
                items=tuple(items),
                gain_db=linear_gain_db(volume),
                muted=muted,
            )
        )
    for what, where in dropped.items():
        notices.append(f"dropped {what}: {', '.join(sorted(where))}")
    return DawProject(project_file, "reaper", rate, tuple(tracks), tuple(notices))


__all__ = ["read_reaper_project"]
