"""The session model: tracks of mono audio, regions with prompts, and their spatial paths.

A session is saved as JSON (``*.earspace``) with a ``schema_version``. Saving is atomic
(temp file in the same folder, fsync, rename), so a crash or a full disk never leaves a
half-written session. Loading validates every field and names the bad one
(``tracks[1].regions[0].end_s``). Audio paths are stored relative to the session file
when possible; missing audio files do not stop a session from loading
(:meth:`Session.missing_audio` lists them).

A :class:`Region` stores its whole placement: every source the prompt names
(:class:`PlacedSource`: label + spatial path; the first is ``Region.path``) and the room it
names. Where a source is between regions (the hold rule) is decided in one place,
:mod:`engine.timeline`. Overlapping regions on one track are an error.

Schema history: 1 stored only the first source's keyframes; 2 stores ``sources`` (label +
keyframes each). Files of an older schema are upgraded on load by
:mod:`engine.session_migration`; saving always writes :data:`SCHEMA_VERSION`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine.errors import EngineError, SessionError
from engine.rooms import ROOM_PRESETS, is_room
from engine.scratch import clean_stale, temp_path
from engine.spatial_path import Keyframe, SpatialPath
from engine.untrusted import check_json_tree, read_limited_bytes

SCHEMA_VERSION = 2
DEFAULT_SAMPLE_RATE_HZ = 48_000
ENGINES = ("physical", "neural", "neural-flow", "auto")
# "neural": separate the named sources, place each with the physical engine (the session's
# HRTF and room); "neural-flow": the flow-ratio model (channels sum to the input, no room)
SESSION_SUFFIX = ".earspace"
MAX_SESSION_BYTES = 16 << 20  # a real session is kilobytes; plugin states add a few MB


@dataclass(frozen=True)
class PluginSlot:
    """One plugin in an insert or master chain (hosted by ``plugin_bridge``).

    A plugin is named by its identity (``name``, ``vendor``, ``uid``: the plugin's own
    unique identifier) plus ``path``, the ``.vst3`` bundle where a scan found it. The
    plugin bridge only loads plugins found by a scan of the plugin folders, looked up by
    identity first; a path alone never makes it load code (files written before
    ``vendor``/``uid`` existed are looked up by name and bundle). ``parameters`` maps
    python parameter names to values; ``state_b64`` is the plugin's raw state (base64)
    when it was saved from a live instance.
    """

    path: str
    name: str = ""
    vendor: str = ""
    uid: str = ""
    bypass: bool = False
    parameters: dict[str, Any] = field(default_factory=dict)
    state_b64: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "name": self.name,
            "vendor": self.vendor,
            "uid": self.uid,
            "bypass": self.bypass,
            "parameters": dict(self.parameters),
            "state_b64": self.state_b64,
        }


@dataclass(frozen=True)
class PlacedSource:
    """One source a region places: its ``label`` (the prompt's words naming it, e.g. "a dog
    barking"; ``""`` when unknown) and its ``path`` over the region."""

    label: str
    path: SpatialPath

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "keyframes": self.path.to_list()}


@dataclass(frozen=True)
class Region:
    """A time span of a track, ``start_s`` to ``end_s`` (seconds of the track's audio),
    with its prompt and the placement resolved from it.

    ``path``/``label`` are the first (main) source's, the one the inspector edits; a prompt
    naming several sources keeps the others in ``extra_sources``. ``path`` is ``None``
    when the prompt has not been resolved or could not be placed. ``room`` is a room
    preset named by the prompt, or ``None`` for the session's room. Use
    :meth:`with_sources` to store a new placement (it replaces every source at once).
    """

    start_s: float
    end_s: float
    prompt: str = ""
    path: SpatialPath | None = None
    room: str | None = None
    label: str = ""
    extra_sources: tuple[PlacedSource, ...] = ()

    @property
    def duration_s(self) -> float:
        return self.end_s - self.start_s

    @property
    def sources(self) -> tuple[PlacedSource, ...]:
        """Every placed source, the main one first; ``()`` when the region is unplaced."""
        if self.path is None:
            return ()
        return (PlacedSource(self.label, self.path), *self.extra_sources)

    def with_sources(self, sources: Sequence[PlacedSource], room: str | None) -> Region:
        """This region placed at ``sources`` (``[]`` = unplaced) in ``room``."""
        if not sources:
            return replace(self, path=None, label="", extra_sources=(), room=room)
        first, *rest = sources
        return replace(
            self, path=first.path, label=first.label, extra_sources=tuple(rest), room=room
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "start_s": self.start_s,
            "end_s": self.end_s,
            "prompt": self.prompt,
            "sources": [s.to_dict() for s in self.sources],
            "room": self.room,
        }


@dataclass(frozen=True)
class Track:
    """One mono source file placed by its regions."""

    name: str
    source: str
    gain_db: float = 0.0
    mute: bool = False
    solo: bool = False
    engine: str = "physical"
    regions: tuple[Region, ...] = ()
    insert_chain: tuple[PluginSlot, ...] = ()

    def sorted_regions(self) -> tuple[Region, ...]:
        return tuple(sorted(self.regions, key=lambda r: r.start_s))

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "source": self.source,
            "gain_db": self.gain_db,
            "mute": self.mute,
            "solo": self.solo,
            "engine": self.engine,
            "regions": [r.to_dict() for r in self.sorted_regions()],
            "insert_chain": [p.to_dict() for p in self.insert_chain],
        }


@dataclass(frozen=True)
class Session:
    """A whole scene. ``hrtf`` is a SOFA path or ``None`` for the default MIT KEMAR set.

    ``base_dir`` is the folder relative audio paths are resolved against (the session
    file's folder once saved or loaded); it is not stored in the file.
    """

    tracks: tuple[Track, ...] = ()
    sample_rate_hz: int = DEFAULT_SAMPLE_RATE_HZ
    hrtf: str | None = None
    room: str = "anechoic"
    master_chain: tuple[PluginSlot, ...] = ()
    base_dir: Path | None = None

    def audio_path(self, track: Track) -> Path:
        """Absolute path of a track's source audio."""
        p = Path(track.source).expanduser()
        if not p.is_absolute() and self.base_dir is not None:
            p = self.base_dir / p
        return p

    def missing_audio(self) -> list[tuple[str, Path]]:
        """``(track name, path)`` of every track whose audio file does not exist."""
        return [
            (t.name, self.audio_path(t)) for t in self.tracks if not self.audio_path(t).is_file()
        ]

    def audible_tracks(self) -> tuple[Track, ...]:
        """Tracks that play: solo wins over mute, as in a mixing desk."""
        soloed = [t for t in self.tracks if t.solo]
        if soloed:
            return tuple(soloed)
        return tuple(t for t in self.tracks if not t.mute)

    def with_track(self, index: int, track: Track) -> Session:
        tracks = list(self.tracks)
        tracks[index] = track
        return replace(self, tracks=tuple(tracks))

    def validate(self) -> None:
        """Raise :class:`SessionError` naming the first bad field."""
        _validate_session_fields(self)

    def to_dict(self, relative_to: Path | None = None) -> dict[str, Any]:
        tracks = []
        for t in self.tracks:
            d = t.to_dict()
            d["source"] = (
                _portable_path(self.audio_path(t), relative_to) if relative_to else t.source
            )
            tracks.append(d)
        return {
            "schema_version": SCHEMA_VERSION,
            "sample_rate_hz": self.sample_rate_hz,
            "hrtf": self.hrtf,
            "room": self.room,
            "master_chain": [p.to_dict() for p in self.master_chain],
            "tracks": tracks,
        }


def _resolved(path: Path) -> Path:
    """``path.resolve()``, or the absolute path where that fails (a symlink loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _portable_path(path: Path, relative_to: Path) -> str:
    try:
        return os.path.relpath(_resolved(path), relative_to.resolve())
    except ValueError:  # other drive on Windows
        return str(path)


# ----------------------------------------------------------------------------- validation


def _fail(field_name: str, message: str) -> SessionError:
    return SessionError(f"{field_name}: {message}")


def _validate_session_fields(session: Session) -> None:
    if not isinstance(session.sample_rate_hz, int) or not 8000 <= session.sample_rate_hz <= 384_000:
        raise _fail(
            "sample_rate_hz",
            f"must be an integer in 8000..384000 Hz, got {session.sample_rate_hz!r}",
        )
    if not is_room(session.room):
        raise _fail(
            "room", f"unknown room preset {session.room!r}; choose one of {', '.join(ROOM_PRESETS)}"
        )
    for ti, track in enumerate(session.tracks):
        where = f"tracks[{ti}]"
        if track.engine not in ENGINES:
            raise _fail(f"{where}.engine", f"must be one of {ENGINES}, got {track.engine!r}")
        regions = track.sorted_regions()
        for ri, region in enumerate(regions):
            rwhere = f"{where}.regions[{ri}]"
            if region.start_s < 0:
                raise _fail(f"{rwhere}.start_s", f"must be >= 0 s, got {region.start_s}")
            if region.end_s <= region.start_s:
                raise _fail(
                    f"{rwhere}.end_s",
                    f"must be after start_s ({region.start_s} s), got {region.end_s} s",
                )
            if region.room is not None and not is_room(region.room):
                raise _fail(
                    f"{rwhere}.room",
                    f"unknown room preset {region.room!r}; choose one of {', '.join(ROOM_PRESETS)}",
                )
            if region.extra_sources and region.path is None:
                raise _fail(f"{rwhere}.sources", "extra sources need a first source (path)")
        for a, b in zip(regions, regions[1:], strict=False):
            if b.start_s < a.end_s:
                raise _fail(
                    f"{where}.regions",
                    f"regions overlap on track {track.name!r}: {a.start_s:g}-{a.end_s:g} s and "
                    f"{b.start_s:g}-{b.end_s:g} s; move or shorten one",
                )


def _get(
    data: dict, key: str, where: str, kind: type | tuple[type, ...], default: Any = ...
) -> Any:
    if key not in data:
        if default is ...:
            raise _fail(f"{where}{key}", "is missing")
        return default
    value = data[key]
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, kind) or (
        kind is not bool and isinstance(value, bool) and kind is not object
    ):
        name = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise _fail(f"{where}{key}", f"must be {name}, got {value!r}")
    return value


def _plugin_slots(items: Any, where: str) -> tuple[PluginSlot, ...]:
    if not isinstance(items, list):
        raise _fail(where, f"must be a list, got {items!r}")
    slots = []
    for i, item in enumerate(items):
        w = f"{where}[{i}]."
        if not isinstance(item, dict):
            raise _fail(f"{where}[{i}]", "must be an object")
        slots.append(
            PluginSlot(
                path=_get(item, "path", w, str),
                name=_get(item, "name", w, str, ""),
                vendor=_get(item, "vendor", w, str, ""),
                uid=_get(item, "uid", w, str, ""),
                bypass=_get(item, "bypass", w, bool, False),
                parameters=_get(item, "parameters", w, dict, {}),
                state_b64=_get(item, "state_b64", w, (str, type(None)), None),
            )
        )
    return tuple(slots)


def _placed_sources(items: list, where: str) -> list[PlacedSource]:
    sources = []
    for i, item in enumerate(items):
        w = f"{where}[{i}]."
        if not isinstance(item, dict):
            raise _fail(f"{where}[{i}]", "must be an object")
        kfs = _get(item, "keyframes", w, list)
        try:
            path = SpatialPath.from_list(kfs)
        except (EngineError, KeyError, TypeError) as exc:
            raise _fail(f"{w}keyframes", str(exc)) from exc
        sources.append(PlacedSource(_get(item, "label", w, str, ""), path))
    return sources


def session_from_dict(data: Any, base_dir: Path | None = None) -> Session:
    """Build and validate a :class:`Session` from parsed JSON; errors name the field."""
    if not isinstance(data, dict):
        raise SessionError("session file must hold a JSON object")
    version = _get(data, "schema_version", "", int)
    if version > SCHEMA_VERSION:
        raise _fail(
            "schema_version",
            f"{version} is newer than this Earspace understands ({SCHEMA_VERSION}); update Earspace",
        )
    if version < 1:
        raise _fail("schema_version", f"must be >= 1, got {version}")
    if version < SCHEMA_VERSION:
        from engine.session_migration import migrate

        data = migrate(data, version)
    tracks_data = _get(data, "tracks", "", list)
    tracks = []
    for ti, td in enumerate(tracks_data):
        w = f"tracks[{ti}]."
        if not isinstance(td, dict):
            raise _fail(f"tracks[{ti}]", "must be an object")
        regions = []
        for ri, rd in enumerate(_get(td, "regions", w, list, [])):
            rw = f"{w}regions[{ri}]."
            if not isinstance(rd, dict):
                raise _fail(f"{w}regions[{ri}]", "must be an object")
            regions.append(
                Region(
                    start_s=_get(rd, "start_s", rw, float),
                    end_s=_get(rd, "end_s", rw, float),
                    prompt=_get(rd, "prompt", rw, str, ""),
                    room=_get(rd, "room", rw, (str, type(None)), None),
                ).with_sources(
                    _placed_sources(_get(rd, "sources", rw, list, []), f"{rw}sources"),
                    _get(rd, "room", rw, (str, type(None)), None),
                )
            )
        tracks.append(
            Track(
                name=_get(td, "name", w, str),
                source=_get(td, "source", w, str),
                gain_db=_get(td, "gain_db", w, float, 0.0),
                mute=_get(td, "mute", w, bool, False),
                solo=_get(td, "solo", w, bool, False),
                engine=_get(td, "engine", w, str, "physical"),
                regions=tuple(regions),
                insert_chain=_plugin_slots(td.get("insert_chain", []), f"{w}insert_chain"),
            )
        )
    session = Session(
        tracks=tuple(tracks),
        sample_rate_hz=_get(data, "sample_rate_hz", "", int, DEFAULT_SAMPLE_RATE_HZ),
        hrtf=_get(data, "hrtf", "", (str, type(None)), None),
        room=_get(data, "room", "", str, "anechoic"),
        master_chain=_plugin_slots(data.get("master_chain", []), "master_chain"),
        base_dir=base_dir,
    )
    session.validate()
    return session


def load_session(path: str | os.PathLike) -> Session:
    """Read and validate a ``*.earspace`` file. Missing audio files do not fail here.

    Hostile files are refused with a :class:`SessionError` before they are parsed
    (devices, FIFOs, files over ``MAX_SESSION_BYTES``) or built (deep nesting, NaN,
    absurd numbers, broken text: :func:`engine.untrusted.check_json_tree`).
    """
    p = Path(path)
    raw = read_limited_bytes(
        p, max_bytes=MAX_SESSION_BYTES, error=SessionError, what="session file"
    )
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SessionError(
            f"{p}: cannot read session file (not UTF-8 text at byte {exc.start})"
        ) from exc
    except json.JSONDecodeError as exc:
        raise SessionError(
            f"{p}: not a valid session file (JSON error at line {exc.lineno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise SessionError(f"{p}: not a valid session file (nested too deeply)") from exc
    try:
        check_json_tree(data, error=SessionError)
        return session_from_dict(data, base_dir=p.resolve().parent)
    except SessionError as exc:
        raise SessionError(f"{p}: {exc}") from exc


def atomic_write_bytes(path: str | os.PathLike, payload: bytes) -> None:
    """Write ``payload`` to ``path`` atomically: temp file + fsync + rename.

    On any error (full disk, permissions) the temp file is removed and an existing file at
    ``path`` is left untouched.
    """
    p = Path(path)
    clean_stale(p.parent)  # temp files of a process killed while saving here
    tmp = temp_path(p)
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def save_session(session: Session, path: str | os.PathLike) -> Session:
    """Validate and save atomically; returns the session re-based on the file's folder."""
    session.validate()
    p = Path(path)
    if p.suffix != SESSION_SUFFIX:
        p = p.with_name(p.name + SESSION_SUFFIX)
    folder = p.resolve().parent
    payload = json.dumps(session.to_dict(relative_to=folder), indent=2).encode("utf-8") + b"\n"
    try:
        atomic_write_bytes(p, payload)
    except OSError as exc:
        raise SessionError(
            f"{p}: could not save session ({exc.strerror or exc}); the previous file is unchanged"
        ) from exc
    rebased_tracks = tuple(
        replace(t, source=str(_resolved(session.audio_path(t)))) for t in session.tracks
    )
    return replace(session, tracks=rebased_tracks, base_dir=folder)


__all__ = [
    "SCHEMA_VERSION",
    "DEFAULT_SAMPLE_RATE_HZ",
    "ENGINES",
    "ROOM_PRESETS",
    "Keyframe",
    "PlacedSource",
    "PluginSlot",
    "Region",
    "Track",
    "Session",
    "SpatialPath",
    "load_session",
    "save_session",
    "session_from_dict",
    "atomic_write_bytes",
]
