"""Round trip: import a DAW project, place its regions, send the binaural stems back into
a copy of the project (rpp-insert, ardour-insert); the rest of the project is unchanged."""

from __future__ import annotations

import difflib
from dataclasses import replace

import numpy as np
import pytest
import soundfile as sf
from ardour_helpers import run_ardour_export
from daw_projects import ITEMS, SR, write_ardour, write_rpp, write_sources

from engine.session import load_session, save_session
from plugin_bridge.ardour import ARDOUR_REGION_FADE_SAMPLES
from plugin_bridge.project_import import import_project

PROMPTS = {"Dogs": ["dog barking on the left"], "Cars": ["on the right", "behind me"]}


def _placed_session(project, tmp_path):
    result = import_project(project, tmp_path / "imported.earspace")
    session = result.session
    tracks = []
    for track in session.tracks:
        regions = tuple(
            replace(r, prompt=p)
            for r, p in zip(track.sorted_regions(), PROMPTS[track.name], strict=True)
        )
        tracks.append(replace(track, regions=regions))
    path = tmp_path / "placed.earspace"
    save_session(replace(session, tracks=tuple(tracks)), path)
    return path


def _rendered_stems(session_file):
    from engine.render_session import render_session

    render = render_session(load_session(session_file))
    return {s.name: s.audio for s in render.stems}


def _only_insertions(original: list[str], copy: list[str], allowed_changes: int = 0) -> list[str]:
    """The inserted lines; fails when any original line was changed or removed (beyond
    ``allowed_changes`` one-line replacements)."""
    inserted, changed = [], 0
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(
        None, original, copy, autojunk=False
    ).get_opcodes():
        if op == "insert":
            inserted.extend(copy[b0:b1])
        elif op == "replace" and a1 - a0 == 1 and b1 - b0 >= 1:
            changed += 1
            inserted.extend(copy[b0 + 1 : b1])
        elif op != "equal":
            raise AssertionError(f"{op}: {original[a0:a1]} -> {copy[b0:b1]}")
    assert changed <= allowed_changes
    return inserted


def test_rpp_insert_keeps_the_original_and_adds_stems_at_their_positions(tmp_path, capsys):
    from engine.cli import main
    from plugin_bridge.reaper import read_reaper_items

    src = tmp_path / "media"
    write_sources(src)
    project = write_rpp(src)
    session_file = _placed_session(project, tmp_path)
    out = tmp_path / "out"
    argv = ["export", str(session_file), "--format", "rpp-insert", "--project", str(project)]
    assert main([*argv, "-o", str(out), "--bit-depth", "float32", "--name", "scene"]) == 0
    copy = out / project.name
    inserted = _only_insertions(project.read_text().splitlines(), copy.read_text().splitlines())
    assert sum(line.strip().startswith("<TRACK") for line in inserted) == 2

    before = read_reaper_items(project)
    after = read_reaper_items(copy)
    assert after[: len(before)] == before  # the original items, unchanged
    stems = {i.track_name: i for i in after[len(before) :]}
    assert sorted(stems) == ["Cars binaural", "Dogs binaural"]
    first = {t: min(i.position for i in ITEMS if i.track == t) for t in ("Dogs", "Cars")}
    rendered = _rendered_stems(session_file)
    for name in ("Dogs", "Cars"):
        item = stems[f"{name} binaural"]
        start = round(item.position_s * SR)
        assert start == first[name]  # at the track's first item, sample-exact
        audio, rate = sf.read(out / item.file, dtype="float32", always_2d=True)
        assert rate == SR
        want = rendered[name][:, start : start + audio.shape[0]]
        np.testing.assert_allclose(audio.T, want, atol=1e-6)
    assert (out / "dog.wav").is_file()  # media the copy refers to came along
    assert main([*argv[:-2], "-o", str(out)]) == 2  # --project missing


@pytest.mark.ardour
def test_ardour_insert_renders_the_original_plus_the_stems(tmp_path):
    from plugin_bridge.export import ExportOptions, render_and_export

    src = tmp_path / "media"
    write_sources(src)
    project = write_ardour(tmp_path / "sess", src)
    session_file = _placed_session(project, tmp_path)
    result = render_and_export(
        load_session(session_file),
        fmt="ardour-insert",
        out_dir=tmp_path / "out",
        options=ExportOptions(name="scene", bit_depth="float32", project=str(project.parent)),
    )
    copy = result.main_file
    assert copy == tmp_path / "out" / "sess" / "sess.ardour"
    inserted = _only_insertions(
        project.read_text().splitlines(), copy.read_text().splitlines(), allowed_changes=1
    )
    assert sum("<Route " in line for line in inserted) == 2

    original_wav, copy_wav = tmp_path / "original.wav", tmp_path / "copy.wav"
    run_ardour_export(project.parent, "sess", original_wav)
    run_ardour_export(copy.parent, "sess", copy_wav)
    a = sf.read(original_wav, dtype="float32", always_2d=True)[0].T
    b = sf.read(copy_wav, dtype="float32", always_2d=True)[0].T
    assert a.shape == b.shape  # the session range is unchanged
    n = a.shape[1]
    expected = np.zeros_like(a)
    keep = np.ones(n, bool)
    for stem in result.stems:
        audio = sf.read(stem.path, dtype="float32", always_2d=True)[0].T
        end = min(stem.start_sample + stem.length_samples, n)
        expected[:, stem.start_sample : end] += audio[:, : end - stem.start_sample]
        for edge in (stem.start_sample, stem.start_sample + stem.length_samples):
            keep[max(0, edge - ARDOUR_REGION_FADE_SAMPLES) : edge + ARDOUR_REGION_FADE_SAMPLES] = (
                False
            )
    first = {t: min(i.position for i in ITEMS if i.track == t) for t in ("Dogs", "Cars")}
    assert {s.name: s.start_sample for s in result.stems} == first
    error = np.max(np.abs((b - a)[:, keep] - expected[:, keep]))
    assert error <= 1e-5, (
        f"Ardour's render of the copy differs from original + stems by {error:.3g}"
    )
    assert np.max(np.abs(expected)) > 0.05  # the stems are heard, not silent
