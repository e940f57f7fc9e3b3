"""Batch manifests and single-row rendering, without Ray."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from engine.batch import (
    BatchSettings,
    ManifestError,
    check_manifest,
    iter_jobs,
    job_fingerprint,
    recorded_fingerprint,
    render_row,
)
from engine.cli import main


def _noise(path: Path, seconds: float = 1.0, rng=None) -> Path:
    rng = rng or np.random.default_rng(0)
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, (0.1 * rng.standard_normal(int(48_000 * seconds))).astype(np.float32), 48_000)
    return path


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_error_names_line_and_column(tmp_path):
    manifest = _write(
        tmp_path / "jobs.csv",
        'input,regions\na.wav,"[[0, 1, ""left""]]"\nb.wav,"[[2, 1, ""right""]]"\n',
    )
    with pytest.raises(
        ManifestError, match=r"jobs.csv line 3, column 2 \(regions\).*start_s < end_s"
    ):
        check_manifest(manifest)


def test_jsonl_syntax_error_names_line_and_character(tmp_path):
    manifest = _write(
        tmp_path / "jobs.jsonl",
        '{"input": "a.wav", "prompt": "left"}\n{"input": "b.wav", prompt}\n',
    )
    with pytest.raises(ManifestError, match=r"line 2, column 20: invalid JSON"):
        check_manifest(manifest)


def test_unknown_column_is_a_manifest_error(tmp_path):
    manifest = _write(tmp_path / "jobs.csv", "input,promt\na.wav,left\n")
    with pytest.raises(ManifestError, match=r"line 1, column 2 \('promt'\): unknown column"):
        check_manifest(manifest)


def test_two_rows_writing_one_output_name_both_lines(tmp_path):
    manifest = _write(
        tmp_path / "jobs.jsonl",
        '{"input": "a.wav", "prompt": "left", "output": "x.wav"}\n'
        '{"input": "b.wav", "prompt": "left", "output": "X.wav"}\n',
    )
    with pytest.raises(ManifestError, match=r"line 2.*also written by line 1"):
        check_manifest(manifest)


def test_audio_row_needs_exactly_one_of_prompt_and_regions(tmp_path):
    manifest = _write(tmp_path / "jobs.csv", "input,prompt\na.wav,\n")
    with pytest.raises(ManifestError, match=r"line 2.*either a prompt or regions"):
        check_manifest(manifest)


def test_session_row_refuses_a_prompt(tmp_path):
    manifest = _write(tmp_path / "jobs.csv", "input,prompt\nscene.earspace,left\n")
    with pytest.raises(ManifestError, match=r"session carries its own regions"):
        check_manifest(manifest)


def test_output_may_not_leave_the_output_folder(tmp_path):
    manifest = _write(tmp_path / "jobs.csv", "input,prompt,output\na.wav,left,../x.wav\n")
    with pytest.raises(ManifestError, match=r"column 3 \(output\).*inside the output folder"):
        check_manifest(manifest)


def test_paths_resolve_against_the_manifest_folder(tmp_path, monkeypatch):
    folder = tmp_path / "project"
    folder.mkdir()
    manifest = _write(
        folder / "jobs.jsonl",
        '{"input": "sfx/dog.wav", "regions": [[0, 1.5, "left"], [1.5, 3, "behind me"]], '
        '"hrtf": "heads/a.sofa", "engine": "physical"}\n'
        '{"input": "scenes/demo.earspace"}\n',
    )
    monkeypatch.chdir(tmp_path)
    jobs = list(iter_jobs(manifest))
    assert jobs[0].input_path == folder.resolve() / "sfx" / "dog.wav"
    assert jobs[0].output == "sfx/dog.wav"
    assert jobs[0].hrtf == str(folder.resolve() / "heads" / "a.sofa")
    assert jobs[0].regions == ((0.0, 1.5, "left"), (1.5, 3.0, "behind me"))
    assert jobs[1].is_session and jobs[1].output == "scenes/demo"


def test_rows_are_read_as_a_stream(tmp_path):
    """The first job comes out before a bad row further down is even read."""
    manifest = _write(tmp_path / "jobs.csv", "input,prompt\na.wav,left\nb.wav,\n")
    jobs = iter_jobs(manifest)
    assert next(jobs).input == "a.wav"
    with pytest.raises(ManifestError, match="line 3"):
        next(jobs)


def test_cli_exits_2_on_a_bad_manifest_before_rendering(tmp_path, capsys):
    manifest = _write(tmp_path / "jobs.csv", "input,prompt,engine\na.wav,left,quantum\n")
    assert main(["batch", str(manifest), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "line 2, column 3 (engine)" in err and "quantum" in err
    assert not (tmp_path / "out").exists()


def _job(tmp_path: Path, prompt: str, name: str = "src.wav"):
    _noise(tmp_path / name)
    manifest = _write(tmp_path / f"{Path(name).stem}.csv", f"input,prompt\n{name},{prompt}\n")
    return next(iter_jobs(manifest))


def test_render_row_writes_a_stamped_binaural_file(tmp_path):
    job = _job(tmp_path, "to my left")
    settings = BatchSettings()
    fp = job_fingerprint(job, settings)
    record = render_row(job, settings, tmp_path / "out", fp)
    assert record["status"] == "ok", record
    audio, rate = sf.read(tmp_path / "out" / "src.wav", dtype="float32")
    assert rate == 48_000 and audio.shape[1] == 2 and audio.shape[0] >= 48_000
    left_db, right_db = 10 * np.log10(np.mean(audio**2, axis=0))
    assert left_db > right_db + 6  # a source on the left is louder in the left ear
    assert record["engine"] == "physical" and record["peak_dbfs"] is not None
    assert recorded_fingerprint(tmp_path / "out" / "src.wav") == fp
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["src.wav"]  # no temporaries


def test_render_row_reports_a_bad_file_and_writes_nothing(tmp_path):
    path = tmp_path / "nan.wav"
    samples = np.zeros(4800, np.float32)
    samples[100] = np.nan
    sf.write(path, samples, 48_000, subtype="FLOAT")
    job = next(iter_jobs(_write(tmp_path / "j.csv", "input,prompt\nnan.wav,left\n")))
    record = render_row(job, BatchSettings(), tmp_path / "out", "x")
    assert record["status"] == "failed"
    assert "nan.wav" in record["error"] and "NaN" in record["error"]
    assert not (tmp_path / "out" / "nan.wav").exists()


def test_fingerprint_follows_the_input_file_and_the_settings(tmp_path):
    job = _job(tmp_path, "to my left")
    base = job_fingerprint(job, BatchSettings())
    assert job_fingerprint(job, BatchSettings()) == base
    assert job_fingerprint(job, BatchSettings(room="small room")) != base
    st = job.input_path.stat()
    os.utime(job.input_path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert job_fingerprint(job, BatchSettings()) != base


def test_a_foreign_or_damaged_output_has_no_fingerprint(tmp_path):
    plain = _noise(tmp_path / "plain.wav")
    assert recorded_fingerprint(plain) is None
    (tmp_path / "junk.wav").write_bytes(b"RIFF\x00\x00")
    assert recorded_fingerprint(tmp_path / "junk.wav") is None
    folder = tmp_path / "scene"
    folder.mkdir()
    (folder / "batch-row.json").write_text(json.dumps({"fingerprint": "abc"}))
    assert recorded_fingerprint(folder) == "abc"


def test_session_row_renders_a_folder_that_is_replaced_whole(tmp_path):
    from engine.session import Region, Session, Track, save_session

    _noise(tmp_path / "a.wav", seconds=0.5)
    save_session(
        Session(
            tracks=(Track("A", "a.wav", regions=(Region(0.0, 0.5, "to my right"),)),),
            base_dir=tmp_path,
        ),
        tmp_path / "scene.earspace",
    )
    job = next(iter_jobs(_write(tmp_path / "j.csv", "input,room\nscene.earspace,small room\n")))
    out = tmp_path / "out"
    first = render_row(job, BatchSettings(), out, "first")
    assert first["status"] == "ok", first["error"]
    folder = out / "scene"
    assert {"A binaural.wav", "mix.wav", "render.json", "batch-row.json"} <= {
        p.name for p in folder.iterdir()
    }
    assert json.loads((folder / "render.json").read_text())["stems"][0]["engine"] == "physical"
    assert recorded_fingerprint(folder) == "first"
    assert render_row(job, BatchSettings(), out, "second")["status"] == "ok"
    assert recorded_fingerprint(folder) == "second"
    assert [p.name for p in out.iterdir()] == ["scene"]  # no staging or old folders left
