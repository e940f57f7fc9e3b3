"""Export orchestration: no overwriting without force, nothing half-written on failure."""

from __future__ import annotations

import threading

import pytest

from engine.errors import RenderCancelled
from plugin_bridge.errors import ExportError
from plugin_bridge.export import ExportOptions, export_session


def _visible(folder):
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("."))


def test_existing_files_are_not_overwritten_without_force(scene, tmp_path):
    session, render = scene
    out = tmp_path / "out"
    export_session(session, render, fmt="reaper", out_dir=out, options=ExportOptions(name="scene"))
    before = (out / "scene.RPP").read_bytes()
    with pytest.raises(ExportError, match="already exist"):
        export_session(
            session, render, fmt="reaper", out_dir=out, options=ExportOptions(name="scene")
        )
    assert (out / "scene.RPP").read_bytes() == before
    forced = export_session(
        session, render, fmt="reaper", out_dir=out, options=ExportOptions(name="scene", force=True)
    )
    assert forced.main_file == out / "scene.RPP"
    assert not [p for p in out.iterdir() if p.name.startswith(".earspace-export")]


def test_failed_export_leaves_nothing_behind(scene, tmp_path):
    session, render = scene
    loud = type(render)(
        sample_rate_hz=render.sample_rate_hz, stems=render.stems, mix=render.mix * 100
    )
    out = tmp_path / "out"
    with pytest.raises(Exception, match="clip"):
        export_session(
            session, loud, fmt="stems", out_dir=out, options=ExportOptions(bit_depth="pcm24")
        )
    assert not out.exists()  # the folder it created is gone too
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(Exception, match="clip"):
        export_session(
            session, loud, fmt="stems", out_dir=out, options=ExportOptions(bit_depth="pcm24")
        )
    assert _visible(out) == ["keep.txt"] and len(list(out.iterdir())) == 1


def test_cancelled_export_leaves_nothing_behind(scene, tmp_path):
    session, render = scene
    cancel = threading.Event()
    cancel.set()
    out = tmp_path / "out"
    with pytest.raises(RenderCancelled):
        export_session(session, render, fmt="ardour", out_dir=out, cancel=cancel)
    assert not out.exists()


def test_track_selection_and_sample_rate(scene, tmp_path):
    session, render = scene
    result = export_session(
        session,
        render,
        fmt="stems",
        out_dir=tmp_path / "out",
        options=ExportOptions(track_names=("Rain FX",), sample_rate_hz=44_100),
    )
    assert [s.name for s in result.stems] == ["Rain FX"]
    assert result.stems[0].sample_rate_hz == 44_100
    # At the region start, or a few samples earlier where the resampler's pre-ringing is audible.
    assert 0 <= round(4.25 * 44_100) - result.stems[0].start_sample < 64
    assert any("plain sum" in n for n in result.notices)
    assert _visible(tmp_path / "out") == ["Earspace stems.json", "Rain FX binaural.wav", "mix.wav"]


def test_unknown_track_name_is_an_error(scene, tmp_path):
    session, render = scene
    with pytest.raises(ExportError, match="Nope"):
        export_session(
            session,
            render,
            fmt="stems",
            out_dir=tmp_path / "o",
            options=ExportOptions(track_names=("Nope",)),
        )
    assert not (tmp_path / "o").exists()


def test_manifest_records_what_was_exported(scene, tmp_path):
    import json

    session, render = scene
    options = ExportOptions(name="scene", bit_depth="float32")
    export_session(session, render, fmt="ardour", out_dir=tmp_path, options=options)
    record = json.loads((tmp_path / "scene ardour.json").read_text())
    assert record["format"] == "ardour" and record["options"]["bit_depth"] == "float32"
    assert record["main_file"] == "scene/scene.ardour"
    assert [(s["track"], s["start_sample"]) for s in record["stems"]] == [
        ("Dialog", 72_000),
        ("Rain FX", 204_000),
    ]
    assert all((tmp_path / s["file"]).is_file() for s in record["stems"])
