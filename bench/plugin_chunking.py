"""Chunked plugin rendering through the host process vs one-shot, and what isolation costs.

    .venv/bin/python bench/plugin_chunking.py [--seconds 30] [--plugin PATH.vst3]

Prints, for a deterministic Dragonfly reverb: the host start-up time, the time to render
``--seconds`` of stereo noise one-shot and in chunks through the host, in-process with
pedalboard (no isolation), and the largest sample difference between them.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from engine.session import PluginSlot
from plugin_bridge.chains import render_chain
from plugin_bridge.host import HostConfig, PluginHost
from plugin_bridge.scan import find_vst3_bundles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--plugin", default=None)
    args = parser.parse_args()
    path = args.plugin or next(
        (
            str(b)
            for b in find_vst3_bundles()
            if b.stem in ("DragonflyHallReverb", "DragonflyPlateReverb")
        ),
        None,
    )
    if path is None:
        raise SystemExit("no Dragonfly Hall/Plate VST3 found; run scripts/install_test_plugins.sh")
    sr = 48_000
    x = (0.1 * np.random.default_rng(0).standard_normal((2, int(args.seconds * sr)))).astype(
        np.float32
    )
    slot = PluginSlot(path=path, parameters={"decay_s": 2.0})
    results = {}
    for label, chunk in (
        ("one-shot", 2**24),
        ("chunks of 65536", 65_536),
        ("chunks of 4096", 4096),
    ):
        with PluginHost(HostConfig(chunk_frames=chunk)) as host:
            t0 = time.perf_counter()
            host.start()
            t1 = time.perf_counter()
            out = render_chain([slot], x, sr, host=host).audio
            t2 = time.perf_counter()
        results[label] = out
        print(
            f"{label:>16}: host start {t1 - t0:5.2f} s, render {t2 - t1:5.2f} s ({args.seconds / (t2 - t1):5.0f}x real time)"
        )
    import pedalboard

    plugin = pedalboard.load_plugin(path)
    plugin.decay_s = 2.0
    t0 = time.perf_counter()
    direct = plugin.process(x, sr, buffer_size=512, reset=False)
    print(f"{'in-process':>16}: render {time.perf_counter() - t0:5.2f} s (no isolation)")
    ref = results["one-shot"]
    for label, out in results.items():
        print(f"max |{label} - one-shot| = {np.max(np.abs(out - ref)):.3g}")
    print(f"max |in-process - host one-shot| = {np.max(np.abs(direct - ref)):.3g}")


if __name__ == "__main__":
    main()
