"""Sending the session's tracks, or a folder with one prompt, to a batch from the app."""

from __future__ import annotations

import json

import numpy as np
import pytest
import soundfile as sf
from desktop_helpers import write_noise

from desktop.batch.model import MANIFEST_NAME, rows_from_folder, rows_from_session, write_manifest
from engine.batch import check_manifest, iter_jobs
from engine.errors import ParameterError
from engine.session import Region, Session, Track


def _session(tmp_path) -> Session:
    for name in ("dog.wav", "bee.wav", "hum.wav"):
        write_noise(tmp_path / name, seconds=1.0)
    return Session(
        tracks=(
            Track("Dog", "dog.wav", regions=(Region(0.0, 0.5, "left"), Region(0.5, 1.0, "behind"))),
            Track("Bee", "bee.wav", engine="auto", regions=(Region(0.0, 1.0, ""),)),
            Track("Hum", "hum.wav", mute=True, regions=(Region(0.0, 1.0, "right"),)),
        ),
        room="small room",
        base_dir=tmp_path,
    )


def test_session_tracks_become_manifest_rows(tmp_path):
    rows, skipped = rows_from_session(_session(tmp_path))
    assert skipped == ["Bee: no region has a prompt"]  # and the muted track is not sent
    (row,) = rows
    assert row["input"] == str((tmp_path / "dog.wav").resolve())
    assert row["regions"] == [[0.0, 0.5, "left"], [0.5, 1.0, "behind"]]
    assert (row["room"], row["engine"], row["output"]) == ("small room", "physical", "Dog.wav")
    manifest = write_manifest(rows, tmp_path / "out")
    assert manifest.name == MANIFEST_NAME and check_manifest(manifest) == 1
    assert next(iter_jobs(manifest)).regions == ((0.0, 0.5, "left"), (0.5, 1.0, "behind"))


def test_folder_rows_use_one_prompt_and_refuse_an_empty_folder(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("b.wav", "a.flac", "notes.txt"):
        (tmp_path / "in" / name).write_bytes(b"")
    rows = rows_from_folder(tmp_path / "in", "far away on the right")
    assert [r["output"] for r in rows] == ["a.wav", "b.wav"]
    assert {r["prompt"] for r in rows} == {"far away on the right"}
    (tmp_path / "empty").mkdir()
    with pytest.raises(ParameterError, match="no audio files"):
        rows_from_folder(tmp_path / "empty", "left")


@pytest.mark.gui
def test_batch_window_renders_a_folder_with_progress(qtbot, make_window, tmp_path):
    folder = tmp_path / "sfx"
    folder.mkdir()
    for k in range(3):
        write_noise(folder / f"fx{k}.wav", seconds=0.5, seed=k)
    window = make_window()
    batch = window.batch_window()
    batch.folder_radio.setChecked(True)
    batch.folder_edit.setText(str(folder))
    batch.prompt_edit.setText("to my left")
    batch.out_edit.setText(str(tmp_path / "out"))
    batch.workers_spin.setValue(1)
    assert batch.start()
    qtbot.waitUntil(lambda: batch.result is not None, timeout=180_000)
    assert batch.result.rendered == 3 and batch.result.failed == 0
    assert batch.progress_bar.value() == 1000 and "3 rendered" in batch.status.text()
    for k in range(3):
        audio, _ = sf.read(tmp_path / "out" / f"fx{k}.wav")
        left, right = np.mean(audio**2, axis=0)
        assert left > right
    log = [json.loads(x) for x in (tmp_path / "out" / "batch.jsonl").read_text().splitlines()]
    assert sum(r.get("status") == "ok" for r in log) == 3
