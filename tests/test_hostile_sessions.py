"""Hostile and corrupt session files: each gives one clear error (or a notice) within
seconds, never a hang, a crash or a huge allocation; hand-written cases plus properties."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.audio_io import read_mono
from engine.errors import AudioInputError, HrtfError, SessionError
from engine.session import MAX_SESSION_BYTES, load_session, save_session


def within(seconds: float, fn, *args):
    """Run ``fn`` in a daemon thread; fail (instead of hanging the suite) if it blocks."""
    box: dict = {}

    def run():
        try:
            box["value"] = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), f"{fn.__name__}{args} did not return within {seconds} s"
    if "error" in box:
        raise box["error"]
    return box["value"]


def _valid(source: str = "voice.wav") -> dict:
    return {
        "schema_version": 1,
        "sample_rate_hz": 48000,
        "room": "anechoic",
        "master_chain": [],
        "tracks": [
            {
                "name": "Voice",
                "source": source,
                "regions": [
                    {
                        "start_s": 0.0,
                        "end_s": 0.5,
                        "prompt": "on the left",
                        "keyframes": [
                            {"t": 0.0, "azimuth_deg": 90.0, "elevation_deg": 0.0, "distance_m": 1.4}
                        ],
                    }
                ],
            }
        ],
    }


def _write(tmp_path: Path, text: str | bytes, name: str = "s.earspace") -> Path:
    p = tmp_path / name
    (p.write_bytes if isinstance(text, bytes) else p.write_text)(text)
    return p


def _load_error(path: Path) -> str:
    with pytest.raises(SessionError) as info:
        within(10, load_session, path)
    return str(info.value)


def _edit(data: dict, dotted: str, value) -> dict:
    node = data
    keys = [int(k) if k.isdigit() else k for k in dotted.split(".")]
    for k in keys[:-1]:
        node = node[k]
    node[keys[-1]] = value
    return data


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("tracks", "x", "tracks"),
        ("tracks.0", 7, "tracks[0]"),
        ("tracks.0.name", 5, "tracks[0].name"),
        ("tracks.0.regions.0.start_s", "0", "tracks[0].regions[0].start_s"),
        ("tracks.0.regions.0.end_s", None, "tracks[0].regions[0].end_s"),
        ("tracks.0.mute", "yes", "tracks[0].mute"),
        ("sample_rate_hz", 44100.5, "sample_rate_hz"),
        ("sample_rate_hz", 10**30, "sample_rate_hz"),
        ("schema_version", "1", "schema_version"),
        ("master_chain", {"path": "/x.vst3"}, "master_chain"),
        ("tracks.0.regions.0.start_s", 1e308, "tracks[0].regions[0].start_s"),
        ("tracks.0.regions.0.keyframes.0.azimuth_deg", -1e300, "azimuth_deg"),
        ("tracks.0.regions.0.prompt", "x" * 200_000, "tracks[0].regions[0].prompt"),
        ("tracks.0.regions.0.prompt", "left " * 500, "longer than 2000"),
        ("tracks.0.name", "x" * 200_000, "tracks[0].name"),
        ("tracks.0.name", "bad \ud800 text", "tracks[0].name"),
        ("tracks.0.source", "voice\x00.wav", "tracks[0].source"),
        ("tracks.0.regions.0.keyframes", {"t": 0}, "keyframes"),
    ],
)
def test_wrong_fields_are_named(tmp_path, field, value, named):
    p = _write(tmp_path, json.dumps(_edit(_valid(), field, value)))
    assert named in _load_error(p)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_non_finite_times_are_refused(tmp_path, literal):
    text = json.dumps(_valid()).replace('"end_s": 0.5', f'"end_s": {literal}')
    message = _load_error(_write(tmp_path, text))
    assert "tracks[0].regions[0].end_s" in message and "finite" in message


def test_prompts_are_bounded_in_total(tmp_path):
    data = _valid()
    region = data["tracks"][0]["regions"][0]
    data["tracks"][0]["regions"] = [
        {**region, "start_s": float(i), "end_s": i + 0.5, "prompt": "on the left " * 150}
        for i in range(200)
    ]
    assert "prompts hold more than" in _load_error(_write(tmp_path, json.dumps(data)))


def test_a_million_regions_are_refused_quickly(tmp_path):
    region = '{"start_s": %d, "end_s": %d.5}'
    body = ",".join(region % (i, i) for i in range(1_000_000))
    p = _write(
        tmp_path,
        '{"schema_version": 1, "tracks": [{"name": "a", "source": "a.wav", '
        f'"regions": [{body}]}}]}}',
    )
    assert p.stat().st_size > MAX_SESSION_BYTES
    assert "limit" in _load_error(p)
    body = ",".join(region % (i, i) for i in range(30_000))  # small file, too many items
    p = _write(
        tmp_path,
        f'{{"schema_version": 1, "tracks": [{{"name": "a", "source": "a.wav", "regions": [{body}]}}]}}',
    )
    assert "tracks[0].regions: 30000 items" in _load_error(p)


@pytest.mark.parametrize("depth", [40, 100_000])
def test_deep_nesting_is_refused(tmp_path, depth):
    data = _valid()
    nested: object = 1
    for _ in range(min(depth, 40)):
        nested = [nested]
    data["tracks"][0]["regions"][0]["extra"] = nested
    text = json.dumps(data) if depth == 40 else "[" * depth + "]" * depth
    assert "nest" in _load_error(_write(tmp_path, text))


@pytest.mark.parametrize(
    "make",
    [
        lambda d: Path("/dev/zero"),
        lambda d: Path("/dev/urandom"),
        lambda d: d / "folder.earspace",
        lambda d: d / "fifo.earspace",
        lambda d: d / "loop.earspace",
        lambda d: d / "latin1.earspace",
    ],
    ids=["dev-zero", "dev-urandom", "folder", "fifo", "symlink-loop", "not-utf8"],
)
def test_session_files_that_are_not_files_are_refused_without_blocking(tmp_path, make):
    (tmp_path / "folder.earspace").mkdir()
    os.mkfifo(tmp_path / "fifo.earspace")
    (tmp_path / "loop.earspace").symlink_to(tmp_path / "loop.earspace")
    (tmp_path / "latin1.earspace").write_bytes(json.dumps(_valid()).encode() + b"\xe9\xff")
    message = _load_error(make(tmp_path))
    assert str(make(tmp_path)) in message


def test_unicode_names_and_prompts_round_trip(tmp_path):
    data = _valid(source="stimme 🎤 ü.wav")
    data["tracks"][0]["name"] = "Stimme — שלום 声 🎤"
    data["tracks"][0]["regions"][0]["prompt"] = "à gauche, très loin 🐕"
    session = load_session(_write(tmp_path, json.dumps(data, ensure_ascii=False)))
    save_session(session, tmp_path / "again.earspace")
    again = load_session(tmp_path / "again.earspace")
    assert again.tracks[0].name == data["tracks"][0]["name"]
    assert again.tracks[0].regions[0].prompt == data["tracks"][0]["regions"][0]["prompt"]


@pytest.fixture
def odd_audio(tmp_path) -> dict[str, Path]:
    """Audio paths that are no regular files, plus real files reached by absolute/``..``."""
    sub = tmp_path / "session"
    sub.mkdir()
    sf.write(tmp_path / "up.wav", np.zeros(4800, np.float32) + 0.1, 48_000)
    os.mkfifo(tmp_path / "pipe.wav")
    (tmp_path / "dir.wav").mkdir()
    (tmp_path / "loop.wav").symlink_to(tmp_path / "loop.wav")
    return {
        "/dev/zero": Path("/dev/zero"),
        "/dev/urandom": Path("/dev/urandom"),
        "fifo": tmp_path / "pipe.wav",
        "folder": tmp_path / "dir.wav",
        "loop": tmp_path / "loop.wav",
        "session": sub,
    }


@pytest.mark.parametrize("kind", ["/dev/zero", "/dev/urandom", "fifo", "folder", "loop"])
def test_audio_paths_that_are_not_regular_files_are_refused_before_opening(odd_audio, kind):
    path = odd_audio[kind]
    with pytest.raises(AudioInputError) as info:
        within(10, read_mono, path, 48_000)
    message = str(info.value)
    assert str(path) in message
    assert any(w in message for w in ("device", "pipe", "folder", "symbolic", "regular"))
    # The session holding such a path loads (a notice lists it) and refuses to render.
    data = _valid(source=str(path))
    session = load_session(_write(odd_audio["session"], json.dumps(data)))
    assert [name for name, _ in session.missing_audio()] == ["Voice"]
    from engine.render_session import render_session

    with pytest.raises(SessionError, match="Voice"):
        within(30, render_session, session)


def test_absolute_and_dotdot_audio_paths_resolve_against_the_session_folder(odd_audio):
    folder = odd_audio["session"]
    for source in ("../up.wav", str((folder / "../up.wav").resolve())):
        session = load_session(_write(folder, json.dumps(_valid(source=source))))
        assert session.missing_audio() == []
        assert session.audio_path(session.tracks[0]).resolve() == (folder.parent / "up.wav")


def test_an_hrtf_path_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    from engine.hrtf.sofa_reader import read_sofa_hrirs

    os.mkfifo(tmp_path / "h.sofa")
    with pytest.raises(HrtfError, match="pipe"):
        within(10, read_sofa_hrirs, tmp_path / "h.sofa")


# ----------------------------------------------------------------------------- properties

_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)
_FIELDS = [
    "schema_version",
    "sample_rate_hz",
    "room",
    "hrtf",
    "master_chain",
    "tracks",
    "tracks.0",
    "tracks.0.name",
    "tracks.0.source",
    "tracks.0.gain_db",
    "tracks.0.engine",
    "tracks.0.insert_chain",
    "tracks.0.regions",
    "tracks.0.regions.0",
    "tracks.0.regions.0.start_s",
    "tracks.0.regions.0.end_s",
    "tracks.0.regions.0.prompt",
    "tracks.0.regions.0.room",
    "tracks.0.regions.0.keyframes",
    "tracks.0.regions.0.keyframes.0",
    "tracks.0.regions.0.keyframes.0.t",
    "tracks.0.regions.0.keyframes.0.azimuth_deg",
    "tracks.0.regions.0.keyframes.0.distance_m",
]


def _load_or_session_error(text: str):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "s.earspace"
        p.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            session = load_session(p)
        except SessionError as exc:
            assert str(p) in str(exc)
            return None
        # Whatever loads can be saved and loads again unchanged.
        save_session(session, Path(d) / "again.earspace")
        again = load_session(Path(d) / "again.earspace")
        assert again.to_dict() == session.to_dict(relative_to=Path(d))
        return session


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_FIELDS), _json)
def test_any_value_in_any_field_loads_or_names_the_problem(field, value):
    data = _edit(_valid(), field, value)
    _load_or_session_error(json.dumps(data, allow_nan=True))


@settings(max_examples=200, deadline=None)
@given(_json)
def test_any_json_document_loads_or_names_the_problem(value):
    _load_or_session_error(json.dumps(value, allow_nan=True))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_load_or_name_the_problem(blob):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "s.earspace"
        p.write_bytes(json.dumps(_valid()).encode()[: len(blob)] + blob)
        try:
            load_session(p)
        except SessionError:
            pass
