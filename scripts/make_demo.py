"""Regenerate the bundled demo session in assets/demo/ (sounds synthesised here: CC0).

    .venv/bin/python scripts/make_demo.py

Three 6 s mono sounds at 48 kHz, 16-bit FLAC: a buzzing bee (circles the head), a passing
car (moves left to right), a ticking clock (far at 2 o'clock, then close at the left ear).
Prompts are stored as text only; the engine resolves them when the session renders.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import butter, sosfilt

RATE_HZ = 48_000
DURATION_S = 6.0
OUT = Path(__file__).resolve().parent.parent / "assets" / "demo"


def bee(rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(RATE_HZ * DURATION_S)) / RATE_HZ
    f0 = (
        210
        + 12 * np.sin(2 * np.pi * 5.3 * t)
        + 6 * rng.standard_normal(t.size).cumsum() / np.sqrt(t.size)
    )
    phase = 2 * np.pi * np.cumsum(f0) / RATE_HZ
    saw = sum(np.sin(k * phase) / k for k in range(1, 40))
    wings = 0.75 + 0.25 * np.sin(2 * np.pi * 11 * t)
    sos = butter(2, [150, 6000], btype="band", fs=RATE_HZ, output="sos")
    return sosfilt(sos, saw * wings)


def car(rng: np.random.Generator) -> np.ndarray:
    n = int(RATE_HZ * DURATION_S)
    t = np.arange(n) / RATE_HZ
    rpm_hz = 38 + 6 * np.tanh((t - 3) / 1.5)
    phase = 2 * np.pi * np.cumsum(rpm_hz) / RATE_HZ
    engine = sum(np.sin(k * phase + rng.uniform(0, 6)) / k**0.8 for k in range(1, 30))
    tyres = sosfilt(
        butter(2, [300, 3000], btype="band", fs=RATE_HZ, output="sos"), rng.standard_normal(n)
    )
    swell = np.exp(-(((t - 3) / 2.2) ** 2))
    return (0.6 * engine + 1.5 * tyres) * (0.3 + 0.7 * swell)


def clock(rng: np.random.Generator) -> np.ndarray:
    n = int(RATE_HZ * DURATION_S)
    out = np.zeros(n)
    click = rng.standard_normal(int(0.012 * RATE_HZ)) * np.exp(
        -np.arange(int(0.012 * RATE_HZ)) / (0.002 * RATE_HZ)
    )
    sos = butter(2, [1500, 9000], btype="band", fs=RATE_HZ, output="sos")
    click = sosfilt(sos, click)
    for k, start_s in enumerate(np.arange(0.1, DURATION_S - 0.05, 0.5)):
        i = int(start_s * RATE_HZ)
        out[i : i + click.size] += click * (1.0 if k % 2 == 0 else 0.7)
    return out


def normalise(x: np.ndarray, peak_dbfs: float) -> np.ndarray:
    fade = int(0.02 * RATE_HZ)
    ramp = np.ones(x.size)
    ramp[:fade] = np.linspace(0, 1, fade)
    ramp[-fade:] = np.linspace(1, 0, fade)
    x = x * ramp
    return (x / np.max(np.abs(x)) * 10 ** (peak_dbfs / 20)).astype(np.float32)


def main() -> None:
    rng = np.random.default_rng(2026)
    OUT.mkdir(parents=True, exist_ok=True)
    sounds = {
        "bee": normalise(bee(rng), -12),
        "car": normalise(car(rng), -10),
        "clock": normalise(clock(rng), -8),
    }
    for name, audio in sounds.items():
        sf.write(OUT / f"{name}.flac", audio, RATE_HZ, subtype="PCM_16")
    session = {
        "schema_version": 2,
        "sample_rate_hz": RATE_HZ,
        "hrtf": None,
        "room": "anechoic",
        "master_chain": [],
        "tracks": [
            {
                "name": "Bee",
                "source": "bee.flac",
                "gain_db": 0.0,
                "engine": "physical",
                "regions": [
                    {
                        "start_s": 0.0,
                        "end_s": 6.0,
                        "prompt": "a bee circling around your head clockwise",
                    }
                ],
            },
            {
                "name": "Car",
                "source": "car.flac",
                "gain_db": 10.0,
                "engine": "physical",
                "regions": [
                    {
                        "start_s": 0.0,
                        "end_s": 6.0,
                        "prompt": "a car passes from left to right about 10 metres away",
                    }
                ],
            },
            {
                "name": "Clock",
                "source": "clock.flac",
                "gain_db": -16.0,
                "engine": "physical",
                "regions": [
                    {
                        "start_s": 0.0,
                        "end_s": 3.0,
                        "prompt": "a clock ticking at 2 o'clock, far away",
                    },
                    {
                        "start_s": 3.0,
                        "end_s": 6.0,
                        "prompt": "the clock right next to your left ear",
                    },
                ],
            },
        ],
    }
    (OUT / "demo.earspace").write_text(json.dumps(session, indent=2) + "\n")
    (OUT / "LICENSE.txt").write_text(
        "The demo sounds (bee.flac, car.flac, clock.flac) are synthesised by scripts/make_demo.py\n"
        "from noise and sine waves. They are dedicated to the public domain (CC0 1.0).\n"
    )


if __name__ == "__main__":
    main()
