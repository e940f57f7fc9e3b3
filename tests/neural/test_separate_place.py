"""Separate by name, place with physics (the default ``neural`` engine path).

Uses the shipped checkpoint's label separator (skipped without it) on generated audio: a
"piano"-like harmonic tone (energy below ~2 kHz) plus "footsteps"-like noise bursts
(above 3 kHz), and a user SOFA file written here: a small spherical head (radius 7 cm,
Woodworth ITD 0.53 ms at the side, flat ILD up to 12 dB), whose high-band interaural lag
differs from MIT KEMAR's (~0.87 ms through the physical engine) by ~17 samples at 48 kHz,
so the test can tell which head placed the sound.
"""

from __future__ import annotations

import numpy as np
import pytest
import sofar
from scipy.signal import butter, sosfilt
from test_neural_shipped import _band_spl, _bursts, _tone

from engine.hrtf import HrtfSet
from engine.neural import DEFAULT_CHECKPOINT, load_model
from engine.neural.separate_place import render_neural
from engine.physical import render_track as render_physical
from engine.prompt import parse
from engine.resolve import prompt_timeline

RATE = 48_000
HEAD_RADIUS_M = 0.07
pytestmark = pytest.mark.skipif(
    not DEFAULT_CHECKPOINT.exists(), reason="no shipped neural checkpoint"
)


def _itd_s(az_deg: np.ndarray, el_deg: np.ndarray) -> np.ndarray:
    """Woodworth ITD (s), + = left ear leads."""
    s = np.sin(np.radians(az_deg)) * np.cos(np.radians(el_deg))
    theta = np.arcsin(np.clip(s, -1, 1))
    return HEAD_RADIUS_M / 343.0 * (theta + np.sin(theta))


@pytest.fixture(scope="module")
def user_sofa(tmp_path_factory):
    az, el = np.meshgrid(np.arange(0, 360, 10.0), np.arange(-40, 91, 10.0))
    az, el = az.ravel(), el.ravel()
    lateral = np.sin(np.radians(az)) * np.cos(np.radians(el))
    itd = np.round(_itd_s(az, el) * RATE).astype(int)
    ir = np.zeros((az.size, 2, 128))
    base = 40
    for i in range(az.size):
        ild_db = 12.0 * lateral[i]
        ir[i, 0, base - itd[i] // 2] = 10 ** (ild_db / 40)
        ir[i, 1, base + itd[i] - itd[i] // 2] = 10 ** (-ild_db / 40)
    sofa = sofar.Sofa("SimpleFreeFieldHRIR")
    sofa.Data_IR = ir
    sofa.Data_SamplingRate = RATE
    sofa.SourcePosition = np.stack([az, el, np.full(az.size, 1.5)], axis=1)
    path = tmp_path_factory.mktemp("head") / "my_head.sofa"
    sofar.write_sofa(str(path), sofa, compression=0)
    return path


@pytest.fixture(scope="module")
def model():
    return load_model()


def _render(model, mono, prompt, hrtf, notices=None):
    timeline = prompt_timeline(prompt, mono.size / RATE)
    return render_neural(
        mono, timeline, sample_rate_hz=RATE, hrtf=hrtf, checkpoint=model, notices=notices
    )


def _lag_samples(out: np.ndarray, lo_hz: float) -> int:
    """Interaural lag of the band above ``lo_hz`` (+ = left ear leads)."""
    y = sosfilt(butter(4, lo_hz, "highpass", fs=RATE, output="sos"), out, axis=-1)
    c = np.correlate(y[1], y[0][60:-60], mode="valid")  # lag k: right[t + k - 60] ~ left[t]
    return int(np.argmax(c)) - 60


@pytest.mark.parametrize("piano_side", [1, -1])
def test_named_bands_go_to_their_own_sides_with_a_user_sofa(model, user_sofa, piano_side):
    """A two-name mono mix: each named band lands on its own side, placed by the user's
    head (the noise band's interaural delay is that head's, not KEMAR's)."""
    mono = _tone(3.0, seed=4) + _bursts(3.0, seed=5)
    sides = {1: "on the left", -1: "on the right"}
    prompt = f"the piano {sides[piano_side]} and the footsteps {sides[-piano_side]}"
    notices: list[str] = []
    out = _render(model, mono, prompt, HrtfSet.load(user_sofa, RATE), notices=notices)
    low, high = _band_spl(out, None, 1000.0), _band_spl(out, 4000.0, None)
    assert piano_side * low > 3.0, (prompt, low)
    assert -piano_side * high > 3.0, (prompt, high)
    want = int(round(_itd_s(np.array(-90.0 * piano_side), np.array(0.0)) * RATE))
    assert abs(_lag_samples(out, 4000.0) - want) <= 3, (_lag_samples(out, 4000.0), want)
    kemar = _render(model, mono, prompt, HrtfSet.load(None, RATE))
    assert abs(_lag_samples(kemar, 4000.0) - want) > 8  # the heads really differ
    assert any("separate-and-place, 2 named stems" in n and "my_head.sofa" in n for n in notices)


def test_room_in_the_prompt_gives_a_tail_like_the_physical_engine(model):
    """ "in a large hall" in a two-source prompt: after the input stops, the neural output
    rings on with about the physical engine's tail energy; anechoic, it does not."""
    mono = np.concatenate([_tone(1.0, seed=2) + _bursts(1.0, seed=3), np.zeros(RATE // 2)])
    mono = mono.astype(np.float32)
    kemar = HrtfSet.load(None, RATE)
    prompt = "the piano on the left and the footsteps on the right in a large hall"
    assert parse(prompt).room == "large hall"
    notices: list[str] = []
    hall = _render(model, mono, prompt, kemar, notices=notices)
    dry = _render(model, mono, "the piano on the left and the footsteps on the right", kemar)
    phys = render_physical(
        mono, prompt_timeline(prompt, mono.size / RATE), kemar, sample_rate_hz=RATE
    )

    def tail_ratio_db(y: np.ndarray) -> float:
        cut = int(1.1 * RATE)  # 100 ms after the sound stops
        return float(10 * np.log10((np.sum(y[:, cut:] ** 2) + 1e-20) / np.sum(y[:, :cut] ** 2)))

    assert abs(tail_ratio_db(hall) - tail_ratio_db(phys)) < 3.0
    assert tail_ratio_db(dry) < tail_ratio_db(hall) - 20
    assert any("room 'large hall'" in n for n in notices)


def test_flow_path_says_what_it_cannot_honour(model, user_sofa):
    mono = _tone(1.0, seed=1)
    notices: list[str] = []
    out = render_neural(
        mono,
        prompt_timeline("the piano on the left in a large hall", 1.0),
        sample_rate_hz=RATE,
        hrtf=HrtfSet.load(user_sofa, RATE),
        neural_path="flow",
        checkpoint=model,
        notices=notices,
    )
    np.testing.assert_allclose(out.sum(axis=0), mono, atol=1e-5)
    assert any("renders no room" in n and "'large hall'" in n for n in notices)
    said = [n for n in notices if "flow-ratio" in n]
    assert len(said) == 1 and "my_head.sofa" in said[0]
