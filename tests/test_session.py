import errno
import json
import os
from pathlib import Path

import pytest

from engine.errors import SessionError
from engine.session import (
    SCHEMA_VERSION,
    Region,
    Session,
    SpatialPath,
    Track,
    load_session,
    save_session,
)


def _session(tmp_path, noise_wav):
    track = Track(
        name="Dog",
        source=str(noise_wav),
        gain_db=-3.0,
        regions=(
            Region(0.0, 0.4, "a dog on the left", SpatialPath.static(90, 0, 2)),
            Region(0.5, 0.9, "now behind", SpatialPath.static(180, 0, 2), room="small room"),
        ),
    )
    return Session(tracks=(track,), room="large hall")


def test_round_trip_keeps_everything_and_stores_relative_paths(tmp_path, noise_wav):
    session = _session(tmp_path, noise_wav)
    saved = save_session(session, tmp_path / "scene.earspace")
    data = json.loads((tmp_path / "scene.earspace").read_text())
    assert data["schema_version"] == SCHEMA_VERSION == 2
    assert data["tracks"][0]["source"] == "noise.wav"  # relative to the session file
    loaded = load_session(tmp_path / "scene.earspace")
    assert loaded.tracks[0].regions == session.tracks[0].regions
    assert loaded.room == "large hall" and loaded.tracks[0].gain_db == -3.0
    assert loaded.audio_path(loaded.tracks[0]) == noise_wav.resolve()
    assert saved.audio_path(saved.tracks[0]) == noise_wav.resolve()


def test_save_is_atomic_when_the_disk_is_full(tmp_path, noise_wav, monkeypatch):
    path = tmp_path / "scene.earspace"
    save_session(_session(tmp_path, noise_wav), path)
    before = path.read_bytes()
    real_fsync = os.fsync

    def full_disk(fd):
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(SessionError, match="No space left"):
        save_session(Session(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _write(tmp_path, data) -> str:
    path = tmp_path / "bad.earspace"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def _valid():
    return {
        "schema_version": 2,
        "tracks": [
            {
                "name": "a",
                "source": "a.wav",
                "regions": [{"start_s": 0, "end_s": 1, "prompt": "left"}],
            }
        ],
    }


def test_corrupt_json_names_the_line(tmp_path):
    with pytest.raises(SessionError, match="not a valid session file.*line 1"):
        load_session(_write(tmp_path, '{"schema_version": 1, "tracks": ['))


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("tracks"), "tracks: is missing"),
        (lambda d: d["tracks"][0].update(gain_db="loud"), r"tracks\[0\].gain_db: must be float"),
        (
            lambda d: d["tracks"][0]["regions"][0].update(end_s=-1),
            r"tracks\[0\].regions\[0\].end_s",
        ),
        (lambda d: d["tracks"][0].update(engine="magic"), r"tracks\[0\].engine"),
        (lambda d: d.update(room="moon base"), "room: unknown room preset 'moon base'"),
        (lambda d: d.update(schema_version=99), "newer than this Earspace"),
        (
            lambda d: d["tracks"][0]["regions"].append({"start_s": 0.5, "end_s": 2, "prompt": "x"}),
            "regions overlap on track 'a': 0-1 s and 0.5-2 s",
        ),
        (
            lambda d: d["tracks"][0]["regions"][0].update(
                sources=[{"label": "", "keyframes": [{"t": 0, "azimuth_deg": 0, "distance_m": -2}]}]
            ),
            r"regions\[0\].sources\[0\].keyframes: .*distance_m",
        ),
    ],
)
def test_load_names_the_bad_field(tmp_path, mutate, field):
    data = _valid()
    mutate(data)
    with pytest.raises(SessionError, match=field):
        load_session(_write(tmp_path, data))


def test_missing_audio_still_loads_and_is_listed(tmp_path):
    session = load_session(_write(tmp_path, _valid()))
    missing = session.missing_audio()
    assert [(name, path.name) for name, path in missing] == [("a", "a.wav")]


def test_missing_session_file(tmp_path):
    with pytest.raises(SessionError, match="session file not found"):
        load_session(tmp_path / "nope.earspace")


def test_solo_wins_over_mute():
    a, b, c = Track("a", "a.wav"), Track("b", "b.wav", mute=True), Track("c", "c.wav", solo=True)
    assert Session(tracks=(a, b)).audible_tracks() == (a,)
    assert Session(tracks=(a, b, c)).audible_tracks() == (c,)


# ----------------------------------------------------------------------------- schema 1 files

V1_RELEASE = Path(__file__).parent / "data" / "sessions" / "v1_release.earspace"


def test_v1_file_written_by_the_release_migrates_every_source_and_room():
    """``v1_release.earspace`` was written by Earspace 0.1 (schema 1: first path only)."""
    assert json.loads(V1_RELEASE.read_text())["schema_version"] == 1
    session = load_session(V1_RELEASE)
    dog = session.tracks[0]
    room_region, two_sources, right, unplaced = dog.sorted_regions()
    assert room_region.room == "cathedral" and room_region.path.start.azimuth_deg == 90.0
    assert [s.path.start.azimuth_deg for s in two_sources.sources] == [90.0, -90.0]
    assert "dog" in two_sources.sources[0].label and "cat" in two_sources.sources[1].label
    assert right.path.start.azimuth_deg == -90.0 and len(right.sources) == 1
    assert unplaced.sources == () and session.tracks[1].regions[0].path is None
    assert session.room == "small room" and dog.engine == "auto"


def test_v1_file_resaves_as_the_current_schema_and_round_trips(tmp_path):
    session = load_session(V1_RELEASE)
    save_session(session, tmp_path / "up.earspace")
    data = json.loads((tmp_path / "up.earspace").read_text())
    assert data["schema_version"] == SCHEMA_VERSION
    assert len(data["tracks"][0]["regions"][1]["sources"]) == 2
    again = load_session(tmp_path / "up.earspace")
    assert again.tracks[0].regions == session.tracks[0].regions


def test_v1_path_edited_by_the_user_is_kept_alone(tmp_path):
    data = json.loads(V1_RELEASE.read_text())
    edited = [{"t": 0.0, "azimuth_deg": 30.0, "elevation_deg": 0.0, "distance_m": 2.0}]
    data["tracks"][0]["regions"][1]["keyframes"] = edited
    region = load_session(_write(tmp_path, data)).tracks[0].sorted_regions()[1]
    assert len(region.sources) == 1 and region.path.start.azimuth_deg == 30.0
    assert "dog" in region.label  # still named, for the neural engine


def test_shipped_demo_session_loads():
    from engine.assets import demo_session_path

    session = load_session(demo_session_path())
    assert [t.name for t in session.tracks] == ["Bee", "Car", "Clock"]
