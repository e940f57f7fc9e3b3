"""Send binaural stems back into the DAW project they came from (``rpp-insert``,
``ardour-insert``).

The copy of the original project holds the original text unchanged, with the stems
added as new stereo tracks whose one item each sits at the stem's timeline position
(the session imported from the project shares its timeline, so stems line up with the
original items). The insertion is textual, never a re-serialisation, so a diff of the
copy against the original shows only added lines (and, for Ardour, the session's
``id-counter``).

* REAPER: ``<TRACK`` blocks (written with ``rpp``) are inserted before the project's
  closing ``>``. The copy is written into the export folder; media the original
  references by a relative path inside its folder are copied along (same relative
  path), so the copy opens with every item. Stems go to ``<name> audio/``.
* Ardour: the whole session folder is copied; for each stem a route cloned from the
  Ardour-made template (see :mod:`plugin_bridge.ardour`), its playlist with one region,
  two sources and a whole-file region are inserted into ``<Routes>``, ``<Playlists>``,
  ``<Sources>`` and ``<Regions>``; the route's outputs are connected to the master bus
  inputs; the stem WAVs go into ``interchange/<session>/audiofiles``.
"""

from __future__ import annotations

import copy
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from plugin_bridge.ardour import (
    TEMPLATE_PATH,
    TEMPLATE_TRACK,
    Ids,
    clone_route,
    io_ports,
    load_template,
    stem_regions,
    stereo_sources,
    unique_route_name,
)
from plugin_bridge.errors import ExportError
from plugin_bridge.reaper import reaper_color, stem_track
from plugin_bridge.stems import PlacedStem, StemFile, write_stem_files

#: Appended to a stem's track name in the copy (the original track keeps its name).
STEM_TRACK_SUFFIX = " binaural"

# ----------------------------------------------------------------------------- REAPER


def _reaper_track_text(stem: StemFile, rel_file: str, color: int) -> str:
    import rpp

    track = stem_track(
        stem,
        rel_file,
        color,
        name=f"{stem.name}{STEM_TRACK_SUFFIX}",
        muted=False,
        sample_rate_hz=stem.sample_rate_hz,
    )
    return rpp.dumps(track)


def _relative_media(text: str) -> list[str]:
    """Relative ``FILE`` paths of an RPP text (unquoted)."""
    out = []
    for match in re.finditer(r'^\s*FILE\s+("([^"]*)"|(\S+))', text, flags=re.M):
        name = match.group(2) if match.group(2) is not None else match.group(3)
        if name and not Path(name).is_absolute():
            out.append(name)
    return out


def insert_into_reaper(
    original: Path,
    stems: Sequence[StemFile],
    out_project: Path,
    *,
    colors_rgb: Sequence[tuple[int, int, int]],
    notices: list[str],
) -> Path:
    """Write ``out_project``: ``original`` with one new track per stem before its end."""
    text = original.read_text(encoding="utf-8", errors="surrogateescape")
    lines = text.splitlines(keepends=True)
    close = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].strip()), None)
    if (
        close is None
        or lines[close].strip() != ">"
        or not lines[0].lstrip().startswith("<REAPER_PROJECT")
    ):
        raise ExportError(f"{original}: not a REAPER project (no <REAPER_PROJECT ... > block)")
    folder = out_project.parent
    blocks = []
    for i, stem in enumerate(stems):
        try:
            rel = stem.path.resolve().relative_to(folder.resolve()).as_posix()
        except ValueError:
            rel = str(stem.path.resolve())
        block = _reaper_track_text(stem, rel, reaper_color(colors_rgb[i % len(colors_rgb)]))
        blocks.append("".join(f"  {line}\n" for line in block.splitlines()))
    newline = "\r\n" if lines[close - 1].endswith("\r\n") else "\n"
    inserted = "".join(blocks).replace("\n", newline)
    out_project.write_text(
        "".join(lines[:close]) + inserted + "".join(lines[close:]),
        encoding="utf-8",
        errors="surrogateescape",
    )
    src_folder = original.parent.resolve()
    if src_folder != folder.resolve():
        for rel_media in dict.fromkeys(_relative_media(text)):
            src = (src_folder / rel_media).resolve()
            inside = src.is_relative_to(src_folder)
            if inside and src.is_file():
                dst = folder / rel_media
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
            else:
                notices.append(
                    f"{rel_media}: referenced relative to the original project and not copied "
                    f"({'missing' if not src.is_file() else 'outside its folder'}); "
                    "REAPER will ask for it"
                )
    return out_project


# ----------------------------------------------------------------------------- Ardour


def _append_children(text: str, tag: str, snippets: Sequence[str], where: Path) -> str:
    """Insert ``snippets`` as the last children of the one ``<tag>`` element of ``text``."""
    if not snippets:
        return text
    closing = [m.start() for m in re.finditer(rf"</{tag}>", text)]
    empty = list(re.finditer(rf"<{tag}\s*/>", text))
    if len(closing) + len(empty) != 1:
        raise ExportError(
            f"{where}: expected one <{tag}> element, found {len(closing) + len(empty)}"
        )
    body = "".join(snippets)
    if closing:
        at = closing[0]
        line_start = text.rfind("\n", 0, at) + 1
        return text[:line_start] + body + text[line_start:]
    m = empty[0]
    line_start = text.rfind("\n", 0, m.start()) + 1
    indent = text[line_start : m.start()]
    return text[: m.start()] + f"<{tag}>\n" + body + f"{indent}</{tag}>" + text[m.end() :]


def _xml(element: ET.Element, indent: str) -> str:
    ET.indent(element, space="  ", level=0)
    return "".join(
        f"{indent}{line}\n" for line in ET.tostring(element, encoding="unicode").splitlines()
    )


def _is_master(route: ET.Element) -> bool:
    info = route.find("PresentationInfo")
    flags = "" if info is None else info.get("flags") or ""
    return "MasterOut" in flags or route.get("name") == "Master"


def find_ardour_session(project: Path) -> tuple[Path, Path]:
    """``(session folder, .ardour file)`` from either the folder or the file."""
    if project.is_dir():
        candidates = sorted(project.glob("*.ardour"))
        named = project / f"{project.name}.ardour"
        file = named if named.is_file() else (candidates[0] if candidates else None)
        if file is None:
            raise ExportError(f"{project}: no .ardour session file in this folder")
        return project, file
    if project.suffix != ".ardour" or not project.is_file():
        raise ExportError(f"{project}: not an Ardour session (.ardour file or its folder)")
    return project.parent, project


def insert_into_ardour(
    original: Path,
    stems: Sequence[StemFile],
    out_dir: Path,
    *,
    colors_rgb: Sequence[tuple[int, int, int]],
    notices: list[str],
) -> tuple[Path, Path]:
    """Copy the Ardour session folder of ``original`` into ``out_dir`` and add one
    stereo track per stem; returns the copied ``.ardour`` file and its audio folder."""
    src_folder, src_file = find_ardour_session(original)
    text = src_file.read_text(encoding="utf-8")
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise ExportError(f"{src_file}: not a readable Ardour session ({exc})") from exc
    session_name = root.get("name") or src_file.stem
    rate = int(root.get("sample-rate") or 0)
    if rate and any(s.sample_rate_hz != rate for s in stems):
        raise ExportError(
            f"{src_file}: the session runs at {rate} Hz but the stems are at "
            f"{stems[0].sample_rate_hz} Hz; export with --sample-rate {rate}"
        )
    routes = root.find("Routes")
    if routes is None:
        raise ExportError(f"{src_file}: no <Routes>")
    master = next((r for r in routes.findall("Route") if _is_master(r)), None)
    master_inputs = [] if master is None else io_ports(master, "Input")
    if not master_inputs:
        notices.append(f"{src_file.name}: no master bus found; connect the new tracks by hand")
    used = {r.get("name") or "" for r in routes.findall("Route")}
    orders = [int(p.get("order") or 0) for p in root.iter("PresentationInfo")]
    existing_ids = [int(e.get("id") or 0) for e in root.iter() if (e.get("id") or "").isdigit()]
    ids = Ids(max([int(root.get("id-counter") or 0), *existing_ids]) + 1)

    template = load_template(TEMPLATE_PATH)
    t_routes = template.find("Routes")
    t_playlists = template.find("Playlists")
    assert t_routes is not None and t_playlists is not None  # checked by the Ardour export tests
    t_route = next(r for r in t_routes.findall("Route") if r.get("name") == TEMPLATE_TRACK)
    t_playlist = next(p for p in t_playlists.findall("Playlist") if p.get("name") == TEMPLATE_TRACK)

    new: dict[str, list[ET.Element]] = {"Routes": [], "Playlists": [], "Sources": [], "Regions": []}
    audio_rel = Path("interchange") / session_name / "audiofiles"
    for i, stem in enumerate(stems):
        name = unique_route_name(f"{stem.name}{STEM_TRACK_SUFFIX}", used)
        route = clone_route(t_route, name, ids, order=max(orders, default=0) + 1 + i)
        r, g, b = colors_rgb[i % len(colors_rgb)]
        pinfo = route.find("PresentationInfo")
        if pinfo is not None:
            pinfo.set("color", str((r << 24) | (g << 16) | (b << 8) | 0xFF))
        playlist = copy.deepcopy(t_playlist)
        playlist_id = ids()
        playlist.set("id", playlist_id)
        playlist.set("name", name)
        playlist.set("orig-track-id", route.get("id") or "")
        route.set("audio-playlist", playlist_id)
        for out_port, in_port in zip(io_ports(route, "Output"), master_inputs, strict=False):
            ET.SubElement(out_port, "Connection", {"other": in_port.get("name") or ""})
        new_sources, source_ids = stereo_sources(stem.path.name, ids)
        new["Sources"].extend(new_sources)
        whole, placed = stem_regions(stem, ids, source_ids, sample_rate_hz=stem.sample_rate_hz)
        new["Regions"].append(whole)
        playlist.append(placed)
        new["Routes"].append(route)
        new["Playlists"].append(playlist)

    out_folder = out_dir / src_folder.name
    shutil.copytree(src_folder, out_folder, symlinks=True)
    audio_dir = out_folder / audio_rel
    audio_dir.mkdir(parents=True, exist_ok=True)
    for stem in stems:
        if (audio_dir / stem.path.name).exists():
            raise ExportError(
                f"{audio_dir / stem.path.name} already exists in the session; rename the track"
            )
        shutil.copy2(stem.path, audio_dir / stem.path.name)
    for tag, elements in new.items():
        text = _append_children(text, tag, [_xml(e, "    ") for e in elements], src_file)
    text = re.sub(
        r'(<Session\b[^>]*\bid-counter=")\d+(")', rf"\g<1>{ids.next + 1}\g<2>", text, count=1
    )
    out_file = out_folder / src_file.name
    out_file.write_text(text, encoding="utf-8")
    return out_file, audio_dir


# ----------------------------------------------------------------------------- export


def export_insert(
    fmt: str,
    placed: Sequence[PlacedStem],
    staging: Path,
    *,
    project: Path,
    media_folder: str,
    bit_depth: str,
    on_clip: str,
    colors_rgb: Sequence[tuple[int, int, int]],
    notices: list[str],
) -> tuple[Path, list[StemFile]]:
    """Write the placed stems and the copy of ``project`` into ``staging`` (the export's
    staging folder); returns the copied project file and the stems as delivered."""
    if fmt == "rpp-insert":
        files, _ = write_stem_files(
            placed, staging / media_folder, bit_depth=bit_depth, on_clip=on_clip
        )
        notices.extend(f"{f.path.name}: {f.note}" for f in files if f.note)
        main = insert_into_reaper(
            project, files, staging / project.name, colors_rgb=colors_rgb, notices=notices
        )
        return main, files
    if fmt != "ardour-insert":
        raise ExportError(f"unknown insert format {fmt!r}")
    media = staging / ".stems"
    files, _ = write_stem_files(placed, media, bit_depth=bit_depth, on_clip=on_clip)
    notices.extend(f"{f.path.name}: {f.note}" for f in files if f.note)
    main, audio_dir = insert_into_ardour(
        project, files, staging, colors_rgb=colors_rgb, notices=notices
    )
    shutil.rmtree(media)
    return main, [replace(f, path=audio_dir / f.path.name) for f in files]


__all__ = ["insert_into_reaper", "insert_into_ardour", "find_ardour_session", "export_insert"]
