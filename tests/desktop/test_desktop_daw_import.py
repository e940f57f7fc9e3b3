"""File > Import DAW Project: a REAPER project opens as a session with its regions."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugin_bridge"))
from daw_projects import ITEMS, SR, write_rpp, write_sources  # noqa: E402

pytestmark = pytest.mark.gui


def _import(qtbot, window, project, session_file) -> bool:
    from desktop.daw_import import importer_for

    importer = importer_for(window)
    with qtbot.waitSignal(importer.done, timeout=300_000) as blocker:
        assert importer.start(project, session_file)
    return blocker.args[0]


def test_import_daw_project_opens_the_imported_session(qtbot, make_window, tmp_path):
    window = make_window()
    assert window.import_daw_action in window.menuBar().actions()[0].menu().actions()
    src = tmp_path / "media"
    write_sources(src)
    project = write_rpp(src)
    assert _import(qtbot, window, project, tmp_path / "imported.earspace")
    session = window.doc.session
    assert [t.name for t in session.tracks] == ["Dogs", "Cars"]
    dogs = next(i for i in ITEMS if i.track == "Dogs")
    region = session.tracks[0].regions[0]
    assert round(region.start_s * SR) == dogs.position
    assert region.prompt == dogs.name
    title, text = window.dialogs.history[-1]
    assert title == "Project imported" and "1 media file(s) are missing" in text


def test_import_daw_project_error_keeps_the_current_session(qtbot, make_window, tmp_path):
    window = make_window()
    before = window.doc.session
    bad = tmp_path / "bad.RPP"
    bad.write_text("<NOT_REAPER\n>\n")
    assert not _import(qtbot, window, bad, tmp_path / "x.earspace")
    assert window.doc.session is before
    assert window.dialogs.history[-1][0] == "Could not import the project"
