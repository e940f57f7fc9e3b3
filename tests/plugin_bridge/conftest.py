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
