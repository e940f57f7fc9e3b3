"""Fixtures for the plugin bridge tests: real VST3 plugins, fake misbehaving ones, a host."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from plugin_bridge.scan import find_vst3_bundles

#: Deterministic Dragonfly reverbs (Dragonfly Room Reverb uses random modulation, so two
#: fresh instances differ by ~0.01 and it cannot be used for exact comparisons).
DETERMINISTIC_REVERBS = ("DragonflyHallReverb", "DragonflyPlateReverb")


def installed_vst3() -> list[Path]:
    return find_vst3_bundles()


def deterministic_reverb() -> Path | None:
    for bundle in installed_vst3():
        if bundle.stem in DETERMINISTIC_REVERBS:
            return bundle
    return None


@pytest.fixture(scope="session")
def reverb_path() -> str:
    path = deterministic_reverb()
    if path is None:
        pytest.skip("no Dragonfly Hall/Plate VST3 installed (run scripts/install_test_plugins.sh)")
    return str(path)


@pytest.fixture(scope="module")
def host():
    pytest.importorskip("pedalboard")
    from plugin_bridge.host import HostConfig, PluginHost

    with PluginHost(HostConfig(chunk_frames=4096)) as h:
        yield h


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(1234)


_FAKE_PLUGIN_C = {
    "crash": "#include <stdlib.h>\n__attribute__((constructor)) static void boom(void) { abort(); }\n",
    "hang": "#include <unistd.h>\n__attribute__((constructor)) static void stall(void) { for (;;) sleep(60); }\n",
}


@pytest.fixture(scope="session")
def fake_plugins(tmp_path_factory) -> dict[str, str]:
    """VST3 bundles whose shared library aborts / hangs as soon as it is loaded (dlopen)."""
    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the misbehaving test plugins")
    root = tmp_path_factory.mktemp("fake-vst3")
    out = {}
    for name, code in _FAKE_PLUGIN_C.items():
        bundle = root / f"{name.title()}.vst3"
        so_dir = bundle / "Contents" / "x86_64-linux"
        so_dir.mkdir(parents=True)
        src = root / f"{name}.c"
        src.write_text(code)
        subprocess.run(
            [cc, "-shared", "-fPIC", "-o", str(so_dir / f"{name.title()}.so"), str(src)], check=True
        )
        out[name] = str(bundle)
    return out


SCENE_SR = 48_000


@pytest.fixture
def scene(tmp_path):
    """A two-track session with mono sources on disk and a SessionRender-like result whose
    stems hold noise bursts inside their regions: (session, render)."""
    import soundfile as sf

    from engine.render_session import SessionRender, TrackRender
    from engine.session import Region, Session, SpatialPath, Track

    sr = SCENE_SR
    gen = np.random.default_rng(7)
    n = int(6.0 * sr)
    spans = {"Dialog": (1.5, 3.5), "Rain FX": (4.25, 5.9)}
    tracks, stems = [], []
    for i, (name, (start_s, end_s)) in enumerate(spans.items()):
        mono = np.zeros(n, np.float32)
        a, b = int(start_s * sr), int(end_s * sr)
        mono[a:b] = (0.2 * gen.standard_normal(b - a)).astype(np.float32)
        src = tmp_path / f"{name}.wav"
        sf.write(src, mono, sr, subtype="FLOAT")
        path = SpatialPath.static(90.0 if i == 0 else -45.0, 0.0, 2.0)
        tracks.append(
            Track(name=name, source=str(src), regions=(Region(start_s, end_s, "somewhere", path),))
        )
        stem = np.zeros((2, n), np.float32)
        stem[0, a:b] = 0.8 * mono[a:b]
        stem[1, a + 20 : b + 20] = 0.4 * mono[a:b]
        stems.append(TrackRender(name=name, track_index=i, audio=stem, engine="physical"))
    session = Session(tracks=tuple(tracks), sample_rate_hz=sr, base_dir=tmp_path)
    mix = np.sum([s.audio for s in stems], axis=0).astype(np.float32)
    return session, SessionRender(sample_rate_hz=sr, stems=stems, mix=mix)


@pytest.fixture(scope="session")
def mono_only_path() -> str:
    """ZamComp: a mono-only (1 in, 1 out) compressor."""
    for bundle in find_vst3_bundles():
        if bundle.stem == "ZamComp":
            return str(bundle)
    pytest.skip("ZamComp.vst3 not installed (run scripts/install_test_plugins.sh)")


@pytest.fixture(scope="session")
def latency_plugin_path() -> str:
    """ZaMaximX2: a look-ahead limiter that reports 480 samples of latency."""
    for bundle in find_vst3_bundles():
        if bundle.stem == "ZaMaximX2":
            return str(bundle)
    pytest.skip("ZaMaximX2.vst3 not installed (run scripts/install_test_plugins.sh)")
