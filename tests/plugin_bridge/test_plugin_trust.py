"""A session cannot make Earspace load native code from outside the plugin folders.

The fake plugin is a ``.vst3`` bundle whose shared library writes a marker file from a
constructor function, i.e. the moment anything ``dlopen``s it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from engine.session import PluginSlot, Region, Session, SpatialPath, Track, save_session
from plugin_bridge.registry import PluginRegistry

_MARKER_C = """
#include <stdio.h>
__attribute__((constructor)) static void mark(void) {
    FILE *f = fopen(MARKER, "w");
    if (f) { fputs("loaded", f); fclose(f); }
}
"""


@pytest.fixture
def marker_plugin(tmp_path) -> tuple[Path, Path]:
    """``(bundle, marker)``: Marker.vst3 in a folder that is no plugin folder."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the marker plugin")
    folder = tmp_path / "downloads"
    so_dir = folder / "Marker.vst3" / "Contents" / "x86_64-linux"
    so_dir.mkdir(parents=True)
    marker = tmp_path / "marker.txt"
    src = tmp_path / "marker.c"
    src.write_text(_MARKER_C)
    subprocess.run(
        [cc, "-shared", "-fPIC", f'-DMARKER="{marker}"', "-o", str(so_dir / "Marker.so"), str(src)],
        check=True,
    )
    return folder / "Marker.vst3", marker


@pytest.fixture
def config_dir(tmp_path, monkeypatch) -> Path:
    """An empty settings folder, so the user's own plugin folders do not count."""
    d = tmp_path / "config"
    monkeypatch.setenv("EARSPACE_CONFIG_DIR", str(d))
    monkeypatch.delenv("VST3_PATH", raising=False)
    return d


def _session_with(tmp_path: Path, slot: PluginSlot) -> Path:
    rate = 16_000
    mono = (0.1 * np.random.default_rng(0).standard_normal(rate // 2)).astype(np.float32)
    sf.write(tmp_path / "voice.wav", mono, rate, subtype="FLOAT")
    region = Region(0.0, 0.5, "on the left", SpatialPath.static(90.0))
    track = Track(
        name="Voice", source=str(tmp_path / "voice.wav"), regions=(region,), insert_chain=(slot,)
    )
    session = Session(tracks=(track,), sample_rate_hz=rate, master_chain=(slot,))
    path = tmp_path / "sent.earspace"
    save_session(session, path)
    return path


def _render(session_file: Path, out: Path, env_dir: Path) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "EARSPACE_CONFIG_DIR": str(env_dir), "PYTHONPATH": os.getcwd()}
    env.pop("VST3_PATH", None)
    return subprocess.run(
        [sys.executable, "-m", "engine.cli", "render", str(session_file), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_a_plugin_outside_the_plugin_folders_is_never_loaded(tmp_path, marker_plugin, config_dir):
    pytest.importorskip("pedalboard")
    bundle, marker = marker_plugin
    slot = PluginSlot(path=str(bundle), name="Marker", vendor="Nobody")
    session_file = _session_with(tmp_path, slot)
    proc = _render(session_file, tmp_path / "out", config_dir)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "mix.wav").is_file()  # the render completes
    assert not marker.exists()  # nothing was loaded
    assert "'Marker' by Nobody" in proc.stderr and "not loaded" in proc.stderr
    assert f"--add-folder {bundle.parent}" in proc.stderr


def test_once_its_folder_is_allowed_the_same_session_loads_it(tmp_path, marker_plugin, config_dir):
    """The oracle of the test above: the fixture really runs code when loaded."""
    pytest.importorskip("pedalboard")
    from plugin_bridge.folders import add_plugin_folder

    bundle, marker = marker_plugin
    add_plugin_folder(bundle.parent)
    session_file = _session_with(tmp_path, PluginSlot(path=str(bundle), name="Marker"))
    proc = _render(session_file, tmp_path / "out", config_dir)
    assert proc.returncode == 0, proc.stderr  # not a real VST3: its chain is bypassed
    assert marker.read_text() == "loaded"


def _fake_bundles(root: Path, *names: str) -> list[Path]:
    out = []
    for name in names:
        (root / f"{name}.vst3" / "Contents").mkdir(parents=True)
        out.append((root / f"{name}.vst3").resolve())
    return out


def _registry(folder: Path, plugins=()) -> PluginRegistry:
    reg = PluginRegistry.discover([folder], include_standard=False, cache_path=folder / "none")
    return replace(reg, plugins=tuple(plugins))


def test_paths_that_lead_out_of_the_folders_are_refused(tmp_path):
    allowed = tmp_path / "vst3"
    (hall,) = _fake_bundles(allowed, "Hall")
    (evil,) = _fake_bundles(tmp_path / "elsewhere", "Evil")
    (allowed / "Link.vst3").symlink_to(tmp_path / "nowhere.vst3")  # dangling
    loop = tmp_path / "loop.vst3"
    loop.symlink_to(loop)
    reg = _registry(allowed)
    assert reg.resolve(PluginSlot(path=str(hall))).path == str(hall)
    assert reg.resolve(PluginSlot(path=f"{allowed}/../vst3/Hall.vst3")).path == str(hall)
    for path in (
        str(evil),
        f"{allowed}/../elsewhere/Evil.vst3",
        "relative/Evil.vst3",
        str(loop),
        "/dev/zero",
        "",
        "\0",
    ):
        assert reg.resolve(PluginSlot(path=path)) is None, path
    message = reg.refusal(PluginSlot(path=str(evil), name="Evil", vendor="X"), "Master chain")
    assert "Master chain bypassed" in message and "'Evil' by X" in message
    assert f"--add-folder {evil.parent}" in message
    assert "not installed" in reg.refusal(PluginSlot(path="/nope/Gone.vst3"), "c")


def test_sessions_find_their_plugin_by_identity_where_this_machine_has_it(tmp_path):
    from plugin_bridge.scan import PluginInfo

    allowed = tmp_path / "vst3"
    hall, multi = _fake_bundles(allowed, "Hall", "Multi")
    infos = [
        PluginInfo(str(hall), "Hall Reverb", "Acme", "Fx", "1.0", "VST3-Hall-1234"),
        PluginInfo(str(multi), "Comp A", "Acme", "Fx", "1.0", "VST3-A-1"),
        PluginInfo(str(multi), "Comp B", "Acme", "Fx", "1.0", "VST3-B-2"),
    ]
    reg = _registry(allowed, infos)
    # Saved on another machine: same plugin by uid, other path.
    moved = reg.resolve(PluginSlot(path="/home/alice/.vst3/Hall.vst3", uid="VST3-Hall-1234"))
    assert moved is not None and moved.path == str(hall) and moved.name == "Hall Reverb"
    # An old path-only slot: migrated to the identity the scan knows.
    old = reg.resolve(PluginSlot(path="/old/machine/Hall.vst3"))
    assert old is not None and (old.path, old.vendor, old.uid) == (
        str(hall),
        "Acme",
        "VST3-Hall-1234",
    )
    # By name (+ vendor) inside a multi-plugin bundle.
    b = reg.resolve(PluginSlot(path="/x/y.vst3", name="Comp B", vendor="Acme"))
    assert b is not None and (b.path, b.uid) == (str(multi), "VST3-B-2")
    assert reg.resolve(PluginSlot(path="/x/y.vst3", name="Comp B", vendor="Other")) is None
    # Bypassed slots are kept as they are; one refused active slot refuses the chain.
    slots, refusal = reg.admit(
        [PluginSlot(path="/tmp/Evil.vst3", bypass=True), PluginSlot(path=str(hall))], "chain"
    )
    assert refusal is None and len(slots) == 2
    slots, refusal = reg.admit([PluginSlot(path=str(hall)), PluginSlot(path="/tmp/E.vst3")], "c")
    assert slots == () and refusal is not None and "/tmp/E.vst3" in refusal


def test_identities_cached_for_bundles_outside_the_folders_are_not_trusted(tmp_path):
    allowed = tmp_path / "vst3"
    (hall,) = _fake_bundles(allowed, "Hall")
    (evil,) = _fake_bundles(tmp_path / "elsewhere", "Evil")
    cache = tmp_path / "scan.json"
    entry = {"name": "Hall Reverb", "vendor": "Acme", "category": "Fx", "version": "1"}
    cache.write_text(
        json.dumps(
            {
                "version": 2,
                "bundles": {
                    str(evil): {"stamp": "", "plugins": [{**entry, "path": str(evil), "uid": "U"}]},
                    str(hall): {"stamp": "", "plugins": [{**entry, "path": str(hall), "uid": "H"}]},
                },
            }
        )
    )
    reg = PluginRegistry.discover([allowed], include_standard=False, cache_path=cache)
    assert [i.path for i in reg.plugins] == [str(hall)]
    assert reg.resolve(PluginSlot(path="/a.vst3", uid="U")) is None


def test_old_session_files_without_identity_still_load(tmp_path):
    from engine.session import load_session

    data = {
        "schema_version": 1,
        "tracks": [],
        "master_chain": [{"path": "/usr/lib/vst3/DragonflyHallReverb.vst3", "name": ""}],
    }
    (tmp_path / "old.earspace").write_text(json.dumps(data))
    slot = load_session(tmp_path / "old.earspace").master_chain[0]
    assert (slot.vendor, slot.uid) == ("", "")
    assert PluginSlot(**slot.to_dict()) == slot


def test_plugins_command_adds_a_folder_that_then_is_trusted(tmp_path, config_dir, capsys):
    import argparse

    from plugin_bridge.plugins_command import run_plugins

    (bundle,) = _fake_bundles(tmp_path / "mine", "Mine")
    args = argparse.Namespace(add_folder=str(tmp_path / "mine"), remove_folder=None, scan=False)
    assert run_plugins(args) == 0
    assert str(bundle) in capsys.readouterr().out
    assert PluginRegistry.discover().resolve(PluginSlot(path=str(bundle))) is not None
