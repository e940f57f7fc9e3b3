"""Ardour 7 session folders holding the binaural stems, one stereo track per stem.

Hand-written Ardour XML is fragile (a route without its processor list crashes Ardour;
a session without ``<RouteGroups/>`` is rejected), so the session is derived from
``assets/ardour/template.ardour``, a one-track session made by Ardour itself
(``scripts/make_ardour_template.sh``). For each stem the template track is cloned with
fresh ids, renamed, wired to the master bus (tracks made by Ardour's Lua tool are not
auto-connected), and given one region at the stem's timeline position. The WAVs are
copied into ``interchange/<name>/audiofiles``, so the folder is self-contained.

Ardour 7 writes times as ``a<superclock>``, 282 240 000 superclock ticks per second;
region lengths as ``a<length>@a<position>``. Ardour applies its default 64-sample fades
at both ends of every region.

Layout written::

    <name>/<name>.ardour
    <name>/interchange/<name>/audiofiles/<stem>.wav
"""

from __future__ import annotations

import copy
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plugin_bridge.errors import ExportError
from plugin_bridge.stems import StemFile

SUPERCLOCK_PER_SECOND = 282_240_000
#: Ardour's default region fade length, in samples (both ends of every region).
ARDOUR_REGION_FADE_SAMPLES = 64
TEMPLATE_PATH = Path(__file__).resolve().parent.parent / "assets" / "ardour" / "template.ardour"
TEMPLATE_TRACK = "Stem"


@dataclass(frozen=True)
class ArdourSession:
    folder: Path
    session_file: Path
    track_names: tuple[str, ...]


def superclock(samples: int, sample_rate_hz: int) -> int:
    """Samples -> Ardour superclock ticks (exact for 44.1/48/88.2/96/192 kHz)."""
    return samples * SUPERCLOCK_PER_SECOND // sample_rate_hz


def _timepos(samples: int, sample_rate_hz: int) -> str:
    return f"a{superclock(samples, sample_rate_hz)}"


class Ids:
    def __init__(self, start: int) -> None:
        self.next = start

    def __call__(self) -> str:
        self.next += 1
        return str(self.next)


def _child(element: ET.Element, tag: str) -> ET.Element:
    found = element.find(tag)
    if found is None:
        raise ExportError(
            f"Ardour template: <{element.tag}> has no <{tag}>; regenerate the template"
        )
    return found


def _attr(element: ET.Element, name: str) -> str:
    value = element.get(name)
    if value is None:
        raise ExportError(
            f"Ardour template: <{element.tag}> has no {name!r} attribute; regenerate the template"
        )
    return value


def load_template(template: Path) -> ET.Element:
    if not template.is_file():
        raise ExportError(
            f"Ardour template {template} is missing; regenerate it with scripts/make_ardour_template.sh"
        )
    return ET.parse(template).getroot()


def write_ardour_session(
    stems: Sequence[StemFile],
    folder: Path,
    *,
    session_name: str,
    sample_rate_hz: int,
    colors_rgb: Sequence[tuple[int, int, int]] | None = None,
    markers: Sequence[tuple[int, str]] = (),
    reference_tracks: Sequence[StemFile] = (),
    template: Path = TEMPLATE_PATH,
) -> ArdourSession:
    """Write an Ardour session named ``session_name`` into ``folder`` (created; must not
    hold a session already). Stem WAVs are copied into the session's audio folder.
    ``markers`` are ``(timeline sample, text)`` location markers (region prompts);
    ``reference_tracks`` are added after the stems, muted (e.g. the mix with the master
    chain, which the session itself does not have)."""
    if not stems:
        raise ExportError("nothing to export to Ardour: no stems")
    root = load_template(template)
    tree = ET.ElementTree(root)
    root.set("name", session_name)
    root.set("sample-rate", str(sample_rate_hz))
    ids = Ids(
        max(int(e.get("id") or 0) for e in root.iter() if (e.get("id") or "").isdigit()) + 1000
    )

    routes = _child(root, "Routes")
    playlists = _child(root, "Playlists")
    sources = _child(root, "Sources")
    regions = _child(root, "Regions")
    locations = _child(root, "Locations")
    template_route = next(r for r in routes.findall("Route") if r.get("name") == TEMPLATE_TRACK)
    template_playlist = next(
        p for p in playlists.findall("Playlist") if p.get("name") == TEMPLATE_TRACK
    )
    master = next(r for r in routes.findall("Route") if r.get("name") == "Master")
    routes.remove(template_route)
    playlists.remove(template_playlist)
    master_inputs = io_ports(master, "Input")

    audio_dir = folder / "interchange" / session_name / "audiofiles"
    audio_dir.mkdir(parents=True, exist_ok=True)
    used_names: set[str] = {"Master"}
    track_names = []
    every = [(s, False) for s in stems] + [(s, True) for s in reference_tracks]
    for i, (stem, muted) in enumerate(every):
        name = unique_route_name(stem.name, used_names)
        track_names.append(name)
        shutil.copy2(stem.path, audio_dir / stem.path.name)
        route = clone_route(template_route, name, ids, order=i + 1)
        if muted:
            _mute(route)
        if colors_rgb:
            r, g, b = colors_rgb[i % len(colors_rgb)]
            _child(route, "PresentationInfo").set(
                "color", str((r << 24) | (g << 16) | (b << 8) | 0xFF)
            )
        playlist = copy.deepcopy(template_playlist)
        playlist_id = ids()
        playlist.set("id", playlist_id)
        playlist.set("name", name)
        playlist.set("orig-track-id", _attr(route, "id"))
        route.set("audio-playlist", playlist_id)
        _connect_to_master(route, name, master_inputs)
        routes.append(route)

        new_sources, source_ids = stereo_sources(stem.path.name, ids)
        sources.extend(new_sources)
        whole, placed = stem_regions(stem, ids, source_ids, sample_rate_hz=sample_rate_hz)
        regions.append(whole)
        playlist.append(placed)
        playlists.append(playlist)

    end = max(s.start_sample + s.length_samples for s, _ in every)
    for loc in list(locations):
        if "IsSessionRange" in (loc.get("flags") or ""):
            locations.remove(loc)
    ET.SubElement(
        locations,
        "Location",
        {
            "id": ids(),
            "name": "session",
            "start": "a0",
            "end": _timepos(end, sample_rate_hz),
            "flags": "IsSessionRange",
            "locked": "0",
            "timestamp": str(int(time.time())),
            "cue": "0",
        },
    )
    for sample, text in markers:
        pos = _timepos(int(sample), sample_rate_hz)
        ET.SubElement(
            locations,
            "Location",
            {
                "id": ids(),
                "name": text,
                "start": pos,
                "end": pos,
                "flags": "IsMark",
                "locked": "0",
                "timestamp": str(int(time.time())),
                "cue": "0",
            },
        )
    root.set("id-counter", str(ids.next + 1))
    session_file = folder / f"{session_name}.ardour"
    ET.indent(tree, space="  ")
    tree.write(session_file, encoding="UTF-8", xml_declaration=True)
    return ArdourSession(folder, session_file, tuple(track_names))


def unique_route_name(name: str, used: set[str]) -> str:
    base = name.replace("/", "_").replace(":", "_").strip() or "Track"
    candidate, k = base, 2
    while candidate in used:
        candidate = f"{base} {k}"
        k += 1
    used.add(candidate)
    return candidate


def clone_route(template: ET.Element, name: str, ids: Ids, *, order: int) -> ET.Element:
    route = copy.deepcopy(template)
    for el in route.iter():
        if el.get("id") is not None:
            el.set("id", ids())
        for attr in ("name", "output"):
            value = el.get(attr)
            if value is None:
                continue
            if value == TEMPLATE_TRACK:
                el.set(attr, name)
            elif value.startswith(f"{TEMPLATE_TRACK}/"):
                el.set(attr, name + value[len(TEMPLATE_TRACK) :])
            elif value.endswith(f":{TEMPLATE_TRACK}") or value.endswith(f"-{TEMPLATE_TRACK}"):
                el.set(attr, value[: -len(TEMPLATE_TRACK)] + name)
    _child(route, "PresentationInfo").set("order", str(order))
    return route


def _mute(route: ET.Element) -> None:
    for controllable in route.findall("Controllable"):
        if controllable.get("name") == "mute":
            controllable.set("value", "1")
    _child(route, "MuteMaster").set("muted", "1")


def _connect_to_master(route: ET.Element, name: str, master_inputs: list[ET.Element]) -> None:
    for out_port, in_port in zip(io_ports(route, "Output"), master_inputs, strict=False):
        ET.SubElement(out_port, "Connection", {"other": _attr(in_port, "name")})
        ET.SubElement(in_port, "Connection", {"other": _attr(out_port, "name")})


def io_ports(route: ET.Element, direction: str) -> list[ET.Element]:
    """The ``<Port>`` elements of ``route``'s ``<IO>`` blocks of ``direction``
    (``"Input"`` or ``"Output"``), in document order."""
    return [
        p
        for io in route.findall("IO")
        if io.get("direction") == direction
        for p in io.findall("Port")
    ]


def stereo_sources(file_name: str, ids: Ids) -> tuple[list[ET.Element], list[str]]:
    """Two ``<Source>`` elements (left, right channel) of the WAV ``file_name`` in the
    session's audio folder, and their ids."""
    elements = []
    source_ids = []
    for ch in range(2):
        sid = ids()
        source_ids.append(sid)
        elements.append(
            ET.Element(
                "Source",
                {
                    "name": file_name,
                    "take-id": "",
                    "type": "audio",
                    "flags": "",
                    "id": sid,
                    "captured-for": "",
                    "channel": str(ch),
                    "origin": "",
                    "gain": "1",
                },
            )
        )
    return elements, source_ids


def stem_regions(
    stem: StemFile, ids: Ids, source_ids: list[str], *, sample_rate_hz: int
) -> tuple[ET.Element, ET.Element]:
    """``(whole-file region, region placed at the stem's start)`` of ``stem``'s sources;
    the whole-file one goes in ``<Regions>``, the placed one in the track's playlist."""
    length = superclock(stem.length_samples, sample_rate_hz)
    whole = region_element(stem.path.stem, ids(), f"a{length}@a0", source_ids, whole_file=True)
    placed = region_element(
        f"{stem.path.stem}.1",
        ids(),
        f"a{length}@{_timepos(stem.start_sample, sample_rate_hz)}",
        source_ids,
        whole_file=False,
    )
    return whole, placed


def region_element(
    name: str, region_id: str, length: str, source_ids: list[str], *, whole_file: bool
) -> ET.Element:
    """A region with the attributes Ardour 7.3 itself writes (copied from a session it re-saved).

    Leaving attributes or the fade/envelope children out made ``ardour7-export`` crash
    in about one run in four (heap corruption) or render garbage.
    """
    attrs = {
        "name": name,
        "muted": "0",
        "opaque": "1",
        "locked": "0",
        "video-locked": "0",
        "automatic": "0",
        "whole-file": "1" if whole_file else "0",
        "import": "0",
        "external": "0",
        "sync-marked": "0",
        "left-of-split": "0",
        "right-of-split": "0",
        "hidden": "0",
        "position-locked": "0",
        "valid-transients": "0",
        "start": "a0",
        "length": length,
        "sync-position": "a0",
        "ancestral-start": "a0",
        "ancestral-length": "a0@a0",
        "stretch": "1",
        "shift": "1",
        "layering-index": "0",
        "tags": "",
        "contents": "0",
        "envelope-active": "0",
        "default-fade-in": "1",
        "default-fade-out": "1",
        "fade-in-active": "1",
        "fade-out-active": "1",
        "scale-amplitude": "1",
        "id": region_id,
        "type": "audio",
        "first-edit": "nothing",
    }
    for ch, sid in enumerate(source_ids):
        attrs[f"source-{ch}"] = sid
    for ch, sid in enumerate(source_ids):
        attrs[f"master-source-{ch}"] = sid
    attrs["channels"] = str(len(source_ids))
    region = ET.Element("Region", attrs)
    if not whole_file:
        for child in ("Envelope", "FadeIn", "FadeOut"):
            ET.SubElement(region, child, {"default": "yes"})
    return region


__all__ = [
    "SUPERCLOCK_PER_SECOND",
    "ARDOUR_REGION_FADE_SAMPLES",
    "TEMPLATE_PATH",
    "ArdourSession",
    "superclock",
    "write_ardour_session",
]
