"""Two windows open one session file: the second is told, and cannot save over the first."""

from __future__ import annotations

import json

import pytest

from engine.session import Session, Track, save_session

pytestmark = pytest.mark.gui


def test_the_second_window_is_told_and_cannot_overwrite_the_first(
    qtbot, make_window, noise_wav, tmp_path
):
    path = tmp_path / "scene.earspace"
    save_session(Session(tracks=(Track(name="noise", source=str(noise_wav)),)), path)
    first, second = make_window(), make_window()
    assert first.open_session(path)
    assert not any("open elsewhere" in t for t, _ in first.dialogs.history)
    assert second.open_session(path)  # it may look ...
    title, text = second.dialogs.history[-1]
    assert title == "Session open elsewhere" and "scene.earspace" in text and "pid" in text
    before = path.read_bytes()
    second.doc.apply(second.doc.session.with_track(0, Track(name="other", source="x.wav")), "x")
    assert not second.save()  # ... but not save over the first window's file
    assert "Save As" in second.dialogs.history[-1][1]
    assert path.read_bytes() == before
    assert second.save_to(tmp_path / "mine.earspace")  # Save As works
    assert json.loads((tmp_path / "mine.earspace").read_text())["tracks"][0]["name"] == "other"
    assert first.save()  # the first window still saves its file
    first.shutdown()  # closing the first frees the file for others
    third = make_window()
    assert third.open_session(path)
    assert not any("open elsewhere" in t for t, _ in third.dialogs.history)
