"""Ardour export checked by real Ardour 7: its headless tools load and render our session."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
import soundfile as sf
from ardour_helpers import run_ardour_export

from plugin_bridge.ardour import ARDOUR_REGION_FADE_SAMPLES, superclock
from plugin_bridge.export import ExportOptions, export_session

pytestmark = pytest.mark.ardour

SR = 48_000


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} not installed (Debian package ardour; scripts/bootstrap.sh dev)")
    return path


def _run(cmd, **kw):
    return subprocess.run(
        cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120, **kw
    )


def _outside_region_fades(stems, n: int) -> np.ndarray:
    keep = np.ones(n, bool)
    for s in stems:
        for edge in (s.start_sample, s.start_sample + s.length_samples):
            keep[max(0, edge - ARDOUR_REGION_FADE_SAMPLES) : edge + ARDOUR_REGION_FADE_SAMPLES] = (
                False
            )
    return keep


def test_superclock_is_exact_for_common_rates():
    assert superclock(int(1.5 * 48_000), 48_000) == 423_360_000
    assert superclock(44_100, 44_100) == 282_240_000


@pytest.mark.parametrize("bit_depth", ["float32", "pcm24"])
def test_ardour_renders_our_session_equal_to_our_mix(scene, tmp_path, bit_depth):
    session, render = scene
    result = export_session(
        session,
        render,
        fmt="ardour",
        out_dir=tmp_path / "out",
        options=ExportOptions(name="scene", bit_depth=bit_depth),
    )
    folder = result.main_file.parent
    wav = tmp_path / "ardour-render.wav"
    run_ardour_export(folder, "scene", wav)
    ours, _ = sf.read(str(wav), dtype="float32", always_2d=True)
    ours = ours.T
    expected = render.mix
    n = min(ours.shape[1], expected.shape[1])
    end = max(s.start_sample + s.length_samples for s in result.stems)
    assert ours.shape[1] == end  # Ardour renders the session range: 0 .. last stem end
    keep = _outside_region_fades(result.stems, n)
    error = np.max(np.abs(ours[:, :n][:, keep] - expected[:, :n][:, keep]))
    tolerance = 1e-6 if bit_depth == "float32" else 2.0**-22
    assert error <= tolerance, f"Ardour render differs from our mix by {error:.3g}"
    # A silent render (e.g. a missing source file) must fail: the mix is loud where stems play.
    assert np.max(np.abs(ours[:, int(1.6 * SR) : int(3.4 * SR)])) > 0.1


def test_ardour_lists_tracks_and_regions_at_their_positions(scene, tmp_path):
    lua = _need("ardour7-lua")
    session, render = scene
    result = export_session(
        session, render, fmt="ardour", out_dir=tmp_path / "out", options=ExportOptions(name="scene")
    )
    folder = result.main_file.parent
    script = tmp_path / "list.lua"
    script.write_text(
        f'load_session("{folder}", "scene")\n'
        "for rt in Session:get_tracks():iter() do local t = rt:to_track()\n"
        "  for r in t:playlist():region_list():iter() do\n"
        '    print("REGION|" .. t:name() .. "|" .. r:position():samples() .. "|" .. r:length():samples() .. "|" .. r:to_audioregion():n_channels())\n'
        "  end\nend\n"
        "for l in Session:locations():list():iter() do\n"
        '  if l:is_mark() then print("MARK|" .. l:name() .. "|" .. l:start():samples()) end\n'
        "end\nclose_session()\n"
    )
    proc = _run([lua, str(script)])
    rows = [line.split("|") for line in proc.stdout.splitlines() if line.startswith("REGION")]
    found = {row[1]: (int(row[2]), int(row[3]), int(row[4])) for row in rows}
    expected = {s.name: (s.start_sample, s.length_samples, 2) for s in result.stems}
    assert found == expected, proc.stdout + proc.stderr
    marks = sorted(
        tuple(line.split("|")[1:]) for line in proc.stdout.splitlines() if line.startswith("MARK")
    )
    assert marks == [("Dialog: somewhere", "72000"), ("Rain FX: somewhere", "204000")]
    for s in result.stems:
        assert s.path.is_file()


def test_master_chain_mix_rides_along_as_a_muted_reference_track(scene, tmp_path):
    from dataclasses import replace

    from engine.render_session import SessionRender
    from engine.session import PluginSlot
    from plugin_bridge.export import REFERENCE_MIX_NAME

    lua = _need("ardour7-lua")
    session, render = scene
    session = replace(session, master_chain=(PluginSlot(path="/any/Reverb.vst3"),))
    mastered = SessionRender(
        sample_rate_hz=SR, stems=render.stems, mix=0.5 * render.mix
    )  # "processed"
    result = export_session(
        session,
        mastered,
        fmt="ardour",
        out_dir=tmp_path / "out",
        options=ExportOptions(name="scene", bit_depth="float32"),
    )
    assert any(REFERENCE_MIX_NAME in n for n in result.notices)
    folder = result.main_file.parent
    script = tmp_path / "muted.lua"
    script.write_text(
        f'load_session("{folder}", "scene")\n'
        "for rt in Session:get_tracks():iter() do\n"
        '  print("TRACK|" .. rt:name() .. "|" .. tostring(rt:muted()))\n'
        "end\nclose_session()\n"
    )
    proc = _run([lua, str(script)])
    tracks = dict(
        line.split("|")[1:] for line in proc.stdout.splitlines() if line.startswith("TRACK")
    )
    assert tracks == {"Dialog": "false", "Rain FX": "false", REFERENCE_MIX_NAME: "true"}, (
        proc.stdout + proc.stderr
    )
    wav = tmp_path / "render.wav"
    run_ardour_export(folder, "scene", wav)
    ours = sf.read(str(wav), dtype="float32", always_2d=True)[0].T
    keep = _outside_region_fades(result.stems, ours.shape[1])
    assert (
        np.max(np.abs(ours[:, keep] - render.mix[:, : ours.shape[1]][:, keep])) <= 1e-6
    )  # reference not heard
