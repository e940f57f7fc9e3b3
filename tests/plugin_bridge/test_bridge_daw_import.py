"""DAW project import: hand-written REAPER, Ardour 7, AAF and OTIO projects of one timeline
become sessions with the right tracks, sample-exact regions, offsets and prompts."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
import soundfile as sf
from daw_projects import (
    ARDOUR_FADE,
    ITEMS,
    SR,
    expected_mono,
    write_aaf,
    write_ardour,
    write_otio,
    write_rpp,
    write_sources,
)

from plugin_bridge.errors import ProjectImportError
from plugin_bridge.project_import import import_project

FORMATS = ("reaper", "ardour", "aaf", "otio")


def _project(fmt: str, tmp_path):
    src = tmp_path / "media"
    sources = write_sources(src)
    if fmt == "reaper":
        path = write_rpp(src)
    elif fmt == "ardour":
        path = write_ardour(tmp_path / "sess", src)
    elif fmt == "aaf":
        path = write_aaf(src)
    else:
        path = write_otio(src)
    return path, sources


@pytest.mark.parametrize("fmt", FORMATS)
def test_import_places_regions_sample_exact_with_source_offsets(fmt, tmp_path):
    path, sources = _project(fmt, tmp_path)
    result = import_project(path, tmp_path / "imported.earspace")
    session = result.session
    assert session.sample_rate_hz == SR
    assert [t.name for t in session.tracks] == ["Dogs", "Cars"]  # muted REAPER track skipped
    present = [i for i in ITEMS if i.file != "missing.wav"]
    for track in session.tracks:
        items = [i for i in present if i.track == track.name]
        spans = [(round(r.start_s * SR), round(r.end_s * SR)) for r in track.sorted_regions()]
        assert spans == [(i.position, i.position + i.length) for i in items]
        for r, i in zip(track.sorted_regions(), items, strict=True):
            assert r.start_s * SR == pytest.approx(i.position, abs=1e-6)
        audio, rate = sf.read(session.audio_path(track), dtype="float32")
        assert rate == SR
        fade = ARDOUR_FADE if fmt == "ardour" else 0  # Ardour's default region fades
        for i in items:
            got = audio[i.position + fade : i.position + i.length - fade]
            want = expected_mono(sources, i)[fade : i.length - fade]
            np.testing.assert_allclose(got, want, atol=1e-7)  # the offset is honoured
            assert not np.any(audio[i.position - 5 : i.position])  # silence before the item
    prompts = [r.prompt for t in session.tracks for r in t.sorted_regions()]
    assert prompts == ["dog barking on the left", "", ""]
    notices = "\n".join(result.notices)
    assert "'Car 01' does not place the sound" in notices
    assert "2 channels: downmixed to mono" in notices
    assert [p.name for p in result.missing_media] == ["missing.wav"]
    assert "mono file aligned to the project timeline" in notices
    if fmt == "reaper":
        assert "track 'Muted' is muted in the project: skipped" in notices


def test_import_resolves_placed_prompts_to_the_left(tmp_path):
    from engine.prompt import parse

    path, _ = _project("reaper", tmp_path)
    session = import_project(path, tmp_path / "s.earspace").session
    placement = parse(session.tracks[0].regions[0].prompt)
    assert placement.placed and placement.path.start.azimuth_deg > 45


def test_ardour_itself_reads_the_hand_written_session_like_we_do(tmp_path):
    lua = shutil.which("ardour7-lua")
    if lua is None:
        pytest.skip("ardour7-lua not installed (Debian package ardour)")
    path, _ = _project("ardour", tmp_path)
    script = tmp_path / "list.lua"
    script.write_text(
        f'load_session("{path.parent}", "{path.stem}")\n'
        "for rt in Session:get_tracks():iter() do local t = rt:to_track()\n"
        "  for r in t:playlist():region_list():iter() do\n"
        '    print("REGION|" .. t:name() .. "|" .. r:position():samples() .. "|" .. '
        'r:length():samples() .. "|" .. r:start():samples())\n'
        "  end\nend\nclose_session()\n"
    )
    proc = subprocess.run(
        [lua, str(script)], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120
    )
    rows = sorted(
        tuple(line.split("|")[1:])
        for line in proc.stdout.splitlines()
        if line.startswith("REGION|")
    )
    assert rows == sorted(
        (i.track, str(i.position), str(i.length), str(i.offset)) for i in ITEMS
    ), proc.stdout + proc.stderr


def test_muted_items_and_gain_are_carried(tmp_path):
    path, sources = _project("reaper", tmp_path)
    text = path.read_text()
    # Mute the stereo item and halve the first Cars item's volume.
    text = text.replace('MUTE 0 0\n      NAME "amb"', 'MUTE 1 0\n      NAME "amb"')
    text = text.replace(
        'NAME "Car 01"\n      VOLPAN 1 0 1 -1', 'NAME "Car 01"\n      VOLPAN 0.5 0 1 -1'
    )
    path.write_text(text)
    result = import_project(path, tmp_path / "s.earspace")
    cars = result.session.tracks[1]
    assert len(cars.regions) == 1
    audio, _ = sf.read(result.session.audio_path(cars), dtype="float32")
    car = next(i for i in ITEMS if i.name == "Car 01")
    np.testing.assert_allclose(
        audio[car.position : car.position + car.length],
        0.5 * expected_mono(sources, car),
        atol=1e-7,
    )
    assert any("'amb'" in n and "is muted: skipped" in n for n in result.notices)


def test_import_errors_name_the_file(tmp_path):
    with pytest.raises(ProjectImportError, match="unknown project type"):
        import_project(tmp_path / "song.logicx", tmp_path / "s.earspace")
    bad = tmp_path / "bad.RPP"
    bad.write_text("<NOT_A_PROJECT\n>\n")
    with pytest.raises(ProjectImportError, match="bad.RPP"):
        import_project(bad, tmp_path / "s.earspace")


def test_refuses_to_overwrite_a_session(tmp_path):
    path, _ = _project("reaper", tmp_path)
    import_project(path, tmp_path / "s.earspace")
    with pytest.raises(ProjectImportError, match="already exists"):
        import_project(path, tmp_path / "s.earspace")


def test_cli_import_lists_missing_media(tmp_path, capsys):
    from engine.cli import main

    path, _ = _project("otio", tmp_path)
    out = tmp_path / "cli.earspace"
    assert main(["import", str(path), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert str(out) in captured.out
    assert "missing media (1)" in captured.err and "missing.wav" in captured.err
    assert main(["import", str(tmp_path / "nothing.RPP"), "-o", str(out), "--force"]) == 1


def test_overlapping_items_both_play_and_dropped_features_are_listed(tmp_path):
    src = tmp_path / "media"
    sources = write_sources(src)
    project = src / "overlap.RPP"
    project.write_text(
        f'<REAPER_PROJECT 0.1 "7.0" 0\n  SAMPLERATE {SR} 0 0\n  <TRACK\n    NAME Fx\n'
        "    VOLPAN 1 0.5 -1 -1 1\n"
        "    <ITEM\n      POSITION 0\n      LENGTH 1\n      NAME a\n      PLAYRATE 2 1 0 -1 0 0.0025\n"
        '      <SOURCE WAVE\n        FILE "dog.wav"\n      >\n    >\n'
        "    <ITEM\n      POSITION 0.5\n      LENGTH 1\n      NAME b\n"
        '      <SOURCE WAVE\n        FILE "car.wav"\n      >\n    >\n  >\n>\n'
    )
    result = import_project(project, tmp_path / "s.earspace")
    track = result.session.tracks[0]
    spans = [(round(r.start_s * SR), round(r.end_s * SR)) for r in track.sorted_regions()]
    assert spans == [(0, SR), (SR, SR + SR // 2)]  # the later region starts where the first ends
    audio, _ = sf.read(result.session.audio_path(track), dtype="float32")
    overlap = slice(SR // 2, SR)
    want = sources["dog.wav"][0, overlap] + sources["car.wav"][0, : SR // 2]
    np.testing.assert_allclose(audio[overlap], want, atol=1e-6)  # both play, as in REAPER
    notices = "\n".join(result.notices)
    assert "overlaps the previous item" in notices
    assert "dropped play rate: Fx/a" in notices
    assert "dropped track pan: Fx" in notices


def test_aaf_with_embedded_essence_imports_its_audio(scene, tmp_path):
    from plugin_bridge.export import ExportOptions, export_session

    session, render = scene
    result = export_session(
        session,
        render,
        fmt="aaf",
        out_dir=tmp_path / "aaf",
        options=ExportOptions(name="scene", bit_depth="pcm24", aaf_embed=True),
    )
    imported = import_project(result.main_file, tmp_path / "from-aaf.earspace")
    tracks = {t.name: t for t in imported.session.tracks}
    assert sorted(tracks) == ["Dialog L", "Dialog R", "Rain FX L", "Rain FX R"]
    assert not imported.missing_media
    assert not result.stems  # embedded: no WAVs beside the AAF, the audio comes from inside
    track = tracks["Dialog L"]
    (region,) = track.regions
    assert round(region.start_s * SR) == 72_000  # where the export put the clip
    audio, _ = sf.read(imported.session.audio_path(track), dtype="float32")
    dialog = render.stems[0].audio[0]
    n = round(region.end_s * SR) - 72_000
    np.testing.assert_allclose(
        audio[72_000 : 72_000 + n], dialog[72_000 : 72_000 + n], atol=2.0**-22
    )


def test_reaper_active_take_channel_mode_and_windows_paths(tmp_path):
    src = tmp_path / "media"
    sources = write_sources(src)
    project = src / "takes.RPP"
    project.write_text(
        f'<REAPER_PROJECT 0.1 "7.0/win64" 0\r\n  SAMPLERATE {SR} 0 0\r\n  <TRACK\r\n    NAME Takes\r\n'
        "    <ITEM\r\n      POSITION 1\r\n      LENGTH 0.5\r\n      NAME first\r\n      SOFFS 0\r\n"
        '      <SOURCE WAVE\r\n        FILE "C:\\Users\\me\\Project\\Audio\\car.wav"\r\n      >\r\n'
        "      TAKE SEL\r\n      NAME chosen\r\n      TAKEVOLPAN 0 0.5 -1\r\n      SOFFS 0.25\r\n"
        "      CHANMODE 4\r\n"
        '      <SOURCE WAVE\r\n        FILE "Audio\\amb.wav"\r\n      >\r\n    >\r\n  >\r\n>\r\n'
    )
    result = import_project(project, tmp_path / "s.earspace")
    (track,) = result.session.tracks
    (region,) = track.regions
    assert (round(region.start_s * SR), round(region.end_s * SR)) == (SR, SR + SR // 2)
    audio, _ = sf.read(result.session.audio_path(track), dtype="float32")
    want = 0.5 * sources["amb.wav"][1, SR // 4 : SR // 4 + SR // 2]  # right channel, take volume
    np.testing.assert_allclose(audio[SR : SR + SR // 2], want, atol=1e-7)
    notices = "\n".join(result.notices)
    assert "found at" in notices and "dropped inactive takes: Takes/chosen" in notices
