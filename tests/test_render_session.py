"""Session rendering: engine choice from stored placements, the stem cache, plugin messages."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import soundfile as sf

from engine.hooks import RenderHooks
from engine.render_session import RenderCache, choose_engine, render_session
from engine.session import PlacedSource, Region, Session, Track
from engine.spatial_path import SpatialPath

RATE = 48_000


def _wav(tmp_path: Path, name: str, seconds: float) -> str:
    x = 0.1 * np.random.default_rng(len(name)).standard_normal(int(seconds * RATE))
    sf.write(tmp_path / name, x.astype(np.float32), RATE)
    return str(tmp_path / name)


def _placed(start_s: float, end_s: float, az_deg: float) -> Region:
    return Region(start_s, end_s, "placed", SpatialPath.static(az_deg))


def test_auto_engine_reads_the_stored_number_of_sources():
    one = Track("a", "a.wav", engine="auto", regions=(_placed(0, 1, 90),))
    assert choose_engine(one) == "physical"
    two = _placed(0, 1, 90).with_sources(
        [PlacedSource("dog", SpatialPath.static(90)), PlacedSource("cat", SpatialPath.static(-90))],
        room=None,
    )
    # the prompt text says one source: the stored placement decides, not the parser
    assert choose_engine(Track("b", "b.wav", engine="auto", regions=(two,))) == "neural"


def test_padding_stems_to_the_mix_length_leaves_cached_stems_alone(tmp_path):
    short = Track("short", _wav(tmp_path, "s.wav", 0.5), regions=(_placed(0, 0.5, 90),))
    long = Track("long", _wav(tmp_path, "l.wav", 1.5), regions=(_placed(0, 1.5, -90),))
    cache = RenderCache()
    both = render_session(Session(tracks=(short, long)), cache=cache)
    alone = render_session(Session(tracks=(short, long)).with_track(1, _muted(long)), cache=cache)
    fresh = render_session(Session(tracks=(short, _muted(long))))
    assert cache.hits >= 1
    assert both.stems[0].audio.shape == both.stems[1].audio.shape
    # the cached short stem keeps its own length: the solo mix is as long as a fresh one
    assert alone.mix.shape == fresh.mix.shape
    assert alone.mix.shape[1] < both.mix.shape[1]


def _muted(track: Track) -> Track:
    from dataclasses import replace

    return replace(track, mute=True)


def test_plugin_messages_written_during_the_render_reach_render_json(tmp_path):
    from engine.outputs import render_to_folder

    track = Track("t", _wav(tmp_path, "t.wav", 0.3), regions=(_placed(0, 0.3, 90),))
    messages: list[str] = []

    def insert(track, mono, rate):
        messages.append("Insert chain of 't': plugin 'Crashy' bypassed (it crashed)")
        return mono

    report = render_to_folder(
        Session(tracks=(track,)), tmp_path / "out", hooks=RenderHooks(insert, None, messages)
    )
    written = json.loads((tmp_path / "out" / "render.json").read_text())
    assert any("bypassed" in n for n in written["notices"]) and written == report


def test_cli_session_render_finds_hooks_and_reports_messages_of_the_render(
    tmp_path, monkeypatch, capsys
):
    """``earspace render SESSION``: hooks come from the ``earspace.render_hooks`` entry
    point; the messages the host writes while rendering reach render.json."""
    import engine.hooks
    from engine.cli import main

    def factory(session):
        messages: list[str] = []

        def insert(track, mono, rate):
            messages.append(f"{track.name}: plugin bypassed during the render")
            return mono

        return insert, None, messages

    class FakeEntryPoint:
        name = "fake"

        def load(self):
            return factory

    monkeypatch.setattr(engine.hooks, "entry_points", lambda group: [FakeEntryPoint()])
    track = {
        "name": "t",
        "source": _wav(tmp_path, "t.wav", 0.3),
        "insert_chain": [{"path": "/nowhere/Crashy.vst3"}],
        "regions": [{"start_s": 0, "end_s": 0.3, "prompt": "on the left"}],
    }
    path = tmp_path / "s.earspace"
    path.write_text(json.dumps({"schema_version": 2, "tracks": [track]}))
    assert main(["render", str(path), "-o", str(tmp_path / "out")]) == 0
    notices = json.loads((tmp_path / "out" / "render.json").read_text())["notices"]
    assert "t: plugin bypassed during the render" in notices
    assert "plugin bypassed" in capsys.readouterr().err
