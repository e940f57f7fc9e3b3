"""REAPER and AAF exports: items/clips at the right positions, read back by other tools."""

from __future__ import annotations

import pytest

from plugin_bridge.export import TRACK_COLORS_RGB, ExportOptions, export_session
from plugin_bridge.reaper import read_reaper_items

SR = 48_000


def test_reaper_items_sit_at_their_regions_with_names_and_colours(scene, tmp_path):
    session, render = scene
    result = export_session(
        session, render, fmt="reaper", out_dir=tmp_path, options=ExportOptions(name="scene")
    )
    items = read_reaper_items(result.main_file)
    assert [i.track_name for i in items] == ["Dialog", "Rain FX"]
    assert [i.item_name for i in items] == ["Dialog", "Rain FX"]
    assert items[0].position_s == pytest.approx(1.5, abs=1e-9)
    assert items[1].position_s == pytest.approx(4.25, abs=1e-9)
    assert items[1].length_s == pytest.approx(
        1.65 + 20 / SR, abs=1e-9
    )  # right channel is 20 samples late
    assert [i.color_rgb for i in items] == list(TRACK_COLORS_RGB[:2])
    for item in items:
        assert (tmp_path / item.file).is_file()


def test_reaper_project_round_trips_through_rpp(scene, tmp_path):
    import rpp

    session, render = scene
    result = export_session(
        session, render, fmt="reaper", out_dir=tmp_path, options=ExportOptions(name="scene")
    )
    text = result.main_file.read_text()
    again = rpp.dumps(rpp.loads(text))
    assert rpp.loads(again).findall(".//ITEM")[1].find("POSITION")[1] == "4.25"
    assert again.split() == text.split()


@pytest.mark.parametrize("embed", [True, False])
def test_aaf_clips_read_back_at_their_positions(scene, tmp_path, embed):
    from plugin_bridge.aaf import read_aaf_clips

    session, render = scene
    out = tmp_path / "out"
    result = export_session(
        session,
        render,
        fmt="aaf",
        out_dir=out,
        options=ExportOptions(name="scene", aaf_embed=embed),
    )
    clips = read_aaf_clips(result.main_file)
    starts = {c.slot_name: c.start_samples for c in clips}
    assert starts == {
        "Dialog L": 72_000,
        "Dialog R": 72_000,
        "Rain FX L": 204_000,
        "Rain FX R": 204_000,
    }
    assert {c.length_samples for c in clips if c.slot_name.startswith("Rain")} == {
        int(1.65 * SR) + 20
    }

    otio = pytest.importorskip("opentimelineio")
    timeline = otio.adapters.read_from_file(str(result.main_file))
    placed = {}
    for track in timeline.tracks:
        for child in track:
            if isinstance(child, otio.schema.Clip):
                placed[track.name] = (
                    child.range_in_parent().start_time.to_seconds(),
                    child.duration().to_seconds(),
                )
                if not embed:
                    assert isinstance(child.media_reference, otio.schema.ExternalReference)
                    assert child.media_reference.target_url.startswith("file://")
                    assert str(out / "scene audio") in child.media_reference.target_url.replace(
                        "%20", " "
                    )
    assert placed["Dialog L"][0] == pytest.approx(1.5)
    assert placed["Rain FX R"][0] == pytest.approx(4.25)
    assert placed["Dialog R"][1] == pytest.approx(2.0 + 20 / SR)


def test_reaper_project_marks_region_prompts(scene, tmp_path):
    from plugin_bridge.reaper import read_reaper_markers

    session, render = scene
    result = export_session(
        session, render, fmt="reaper", out_dir=tmp_path, options=ExportOptions(name="scene")
    )
    assert read_reaper_markers(result.main_file) == [
        (1.5, "Dialog: somewhere"),
        (4.25, "Rain FX: somewhere"),
    ]


def test_reaper_reference_mix_track_is_muted(scene, tmp_path):
    from dataclasses import replace

    from engine.session import PluginSlot
    from plugin_bridge.export import REFERENCE_MIX_NAME

    session, render = scene
    session = replace(session, master_chain=(PluginSlot(path="/any/Reverb.vst3"),))
    result = export_session(
        session, render, fmt="reaper", out_dir=tmp_path, options=ExportOptions(name="scene")
    )
    items = read_reaper_items(result.main_file)
    assert [(i.track_name, i.track_muted) for i in items] == [
        ("Dialog", False),
        ("Rain FX", False),
        (REFERENCE_MIX_NAME, True),
    ]
    assert items[2].position_s == 0.0 and (tmp_path / items[2].file).is_file()
