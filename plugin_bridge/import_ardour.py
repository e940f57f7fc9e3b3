"""Read an Ardour 7 session (``.ardour`` XML, or its folder) as a :class:`DawProject`.

Times: Ardour 7 writes ``a<superclock>`` (282 240 000 per second) for audio time;
a region's ``length`` is ``a<length>@a<position>`` (its timeline position after the
``@``) and ``start`` its offset into the source. Ardour 6 sessions (plain sample
counts in ``position``/``length``/``start``) are read too. Music-time (``b...``)
regions are skipped with a notice.

Per route (``AudioTrack`` routes; the master and busses are not tracks): name, mute
(``Controllable name="mute"``), gain (``Controllable name="gaincontrol"``, linear) and
its playlist (``audio-playlist``). Per region: position, length, source offset,
``muted``, ``scale-amplitude`` (gain), fades (default regions get Ardour's 64-sample
fades; custom fade curves are applied as linear fades of their length) and its
channels (``source-N`` -> ``<Source channel=...>``; two channels = a stereo region,
downmixed). Sources are looked up as absolute paths or in
``interchange/*/audiofiles``. Dropped, and listed: pan, region envelopes, plugins.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from plugin_bridge.ardour import ARDOUR_REGION_FADE_SAMPLES, SUPERCLOCK_PER_SECOND
from plugin_bridge.errors import ProjectImportError
from plugin_bridge.project_import import (
    ChannelSource,
    DawProject,
    SourceItem,
    SourceTrack,
    linear_gain_db,
)

_PLUGIN_TYPES = {"lv2", "ladspa", "luaproc", "vst3", "lxvst", "windows-vst", "mac-vst", "audiounit"}


def _time_samples(value: str | None, rate: int) -> int | None:
    """``a<superclock>`` or a plain sample count -> samples; ``None`` for music time."""
    if value is None or value == "":
        return 0
    if value.startswith("a"):
        return int(value[1:]) * rate // SUPERCLOCK_PER_SECOND
    if value.lstrip("-").isdigit():
        return int(value)
    return None


def _position_length(region: ET.Element, rate: int) -> tuple[int, int] | None:
    length = region.get("length") or ""
    if "@" in length:  # Ardour 7: a<length>@a<position>
        count, _, pos = length.partition("@")
        n, p = _time_samples(count, rate), _time_samples(pos, rate)
    else:
        n, p = _time_samples(length, rate), _time_samples(region.get("position"), rate)
    if n is None or p is None:
        return None
    return p, n


def _controllable(route: ET.Element, name: str) -> float | None:
    for c in [*route.findall("Controllable"), *route.iter("Controllable")]:
        if c.get("name") == name:
            try:
                return float(c.get("value") or "")
            except ValueError:
                return None
    return None


def _fade_samples(region: ET.Element, tag: str, rate: int) -> int:
    active = region.get(f"{tag.lower().replace('fade', 'fade-')}-active", "1") != "0"
    if not active:
        return 0
    fade = region.find(tag)
    if fade is None or fade.get("default") == "yes":
        return ARDOUR_REGION_FADE_SAMPLES
    events = fade.find(".//events")
    if events is None or not (events.text or "").split():
        return ARDOUR_REGION_FADE_SAMPLES
    last_time = (events.text or "").split()[-2]
    samples = _time_samples(last_time, rate)
    return ARDOUR_REGION_FADE_SAMPLES if samples is None else samples


def _source_path(name: str, folder: Path) -> Path:
    p = Path(name)
    if p.is_absolute():
        return p
    for candidate in sorted((folder / "interchange").glob(f"*/audiofiles/{name}")):
        return candidate
    return folder / "interchange" / folder.name / "audiofiles" / name


def read_ardour_session(project: Path) -> DawProject:
    from plugin_bridge.daw_insert import find_ardour_session
    from plugin_bridge.errors import ExportError

    try:
        folder, session_file = find_ardour_session(project)
    except ExportError as exc:
        raise ProjectImportError(str(exc)) from exc
    try:
        root = ET.parse(session_file).getroot()
    except ET.ParseError as exc:
        raise ProjectImportError(f"{session_file}: not a readable Ardour session ({exc})") from exc
    if root.tag != "Session":
        raise ProjectImportError(f"{session_file}: not an Ardour session (no <Session>)")
    rate = int(root.get("sample-rate") or 48_000)
    notices: list[str] = []
    sources: dict[str, ChannelSource] = {}
    for src in root.iterfind("Sources/Source"):
        if src.get("type", "audio") != "audio":
            continue
        channel = int(src.get("channel") or 0)
        sources[src.get("id") or ""] = ChannelSource(
            _source_path(src.get("name") or "", folder), channel
        )
    playlists = {p.get("id"): p for p in root.iterfind("Playlists/Playlist")}
    dropped: dict[str, set[str]] = {}
    tracks = []
    for route in root.iterfind("Routes/Route"):
        info = route.find("PresentationInfo")
        flags = "" if info is None else info.get("flags") or ""
        if "AudioTrack" not in flags:
            continue
        name = route.get("name") or "Track"
        muted = (_controllable(route, "mute") or 0.0) != 0.0
        gain = _controllable(route, "gaincontrol")
        if any(p.get("type") in _PLUGIN_TYPES for p in route.findall("Processor")):
            dropped.setdefault("plugins", set()).add(name)
        playlist = playlists.get(route.get("audio-playlist"))
        items = []
        for region in [] if playlist is None else playlist.findall("Region"):
            label = f"{name}/{region.get('name') or '?'}"
            placed = _position_length(region, rate)
            if placed is None:
                notices.append(f"region {label} is in music time (beats): skipped")
                continue
            n_channels = int(region.get("channels") or 1)
            chans = [sources.get(region.get(f"source-{k}") or "") for k in range(n_channels)]
            if any(c is None for c in chans):
                notices.append(f"region {label} refers to a source not in <Sources>: skipped")
                continue
            if region.get("envelope-active") == "1":
                dropped.setdefault("region gain envelopes", set()).add(label)
            start = _time_samples(region.get("start"), rate) or 0
            items.append(
                SourceItem(
                    name=region.get("name") or "",
                    sources=tuple(c for c in chans if c is not None),
                    position_samples=placed[0],
                    length_samples=placed[1],
                    offset_samples=start,
                    gain=float(region.get("scale-amplitude") or 1.0),
                    fade_in_samples=_fade_samples(region, "FadeIn", rate),
                    fade_out_samples=_fade_samples(region, "FadeOut", rate),
                    muted=region.get("muted") == "1",
                )
            )
        tracks.append(
            SourceTrack(
                name=name,
                items=tuple(items),
                gain_db=0.0 if gain is None else linear_gain_db(gain),
                muted=muted,
            )
        )
    notices.append("dropped pan: Earspace places the sources")
    for what, where in dropped.items():
        notices.append(f"dropped {what}: {', '.join(sorted(where))}")
    return DawProject(session_file, "ardour", rate, tuple(tracks), tuple(notices))


__all__ = ["read_ardour_session"]
