"""Distance cues: level, air absorption, propagation delay.

* Level: inverse distance law (-6 dB per doubling), 0 dB at the HRTF's measurement
  distance ``reference_distance_m`` (1.4 m for MIT KEMAR), the distance at which the
  measured HRIRs already carry the right level. Closer than ``min_gain_distance_m``
  (0.25 m) the gain stops rising (at most +15 dB for KEMAR) so a near-field source
  cannot blow up the mix. Near-field HRTF changes are not modelled.
* Air absorption: ISO 9613-1 atmospheric attenuation at 20 degC, 50 % relative humidity,
  101.325 kPa, applied for the distance beyond the reference (a zero-phase gain per
  frequency): about 0.1 dB/m at 8 kHz, 0.005 dB/m at 1 kHz, so a source at 100 m is
  about 10 dB duller at 8 kHz than at 1.4 m.
* Propagation delay: ``distance / c`` with ``c`` = 343 m/s, used relative to the
  reference distance; a changing delay is what makes the Doppler shift of a moving
  source (see :mod:`engine.physical.delay_line`).
"""

from __future__ import annotations

import numpy as np

SPEED_OF_SOUND_M_S = 343.0
MIN_GAIN_DISTANCE_M = 0.25


def distance_gain(
    distance_m, reference_distance_m: float, *, min_gain_distance_m: float = MIN_GAIN_DISTANCE_M
):
    """Linear amplitude gain ``reference / max(distance, min_gain_distance)``."""
    d = np.maximum(np.asarray(distance_m, dtype=np.float64), min_gain_distance_m)
    return reference_distance_m / d


def air_absorption_db_per_m(
    frequency_hz,
    *,
    temperature_c: float = 20.0,
    relative_humidity_pct: float = 50.0,
    pressure_kpa: float = 101.325,
) -> np.ndarray:
    """Atmospheric absorption coefficient in dB/m (ISO 9613-1, pure-tone formula)."""
    f = np.asarray(frequency_hz, dtype=np.float64)
    t = temperature_c + 273.15
    t0, t01 = 293.15, 273.16
    pa = pressure_kpa / 101.325
    psat = 10.0 ** (-6.8346 * (t01 / t) ** 1.261 + 4.6151)
    h = relative_humidity_pct * psat / pa
    fr_o = pa * (24.0 + 4.04e4 * h * (0.02 + h) / (0.391 + h))
    fr_n = (
        pa
        * (t / t0) ** -0.5
        * (9.0 + 280.0 * h * np.exp(-4.170 * ((t / t0) ** (-1.0 / 3.0) - 1.0)))
    )
    return (
        8.686
        * f**2
        * (
            1.84e-11 / pa * (t / t0) ** 0.5
            + (t / t0) ** -2.5
            * (
                0.01275 * np.exp(-2239.1 / t) / (fr_o + f**2 / fr_o)
                + 0.1068 * np.exp(-3352.0 / t) / (fr_n + f**2 / fr_n)
            )
        )
    )


def air_absorption_gain(frequency_hz, distance_m, reference_distance_m: float) -> np.ndarray:
    """Linear gains ``[shape=(q, n_freqs)]`` for ``q`` distances: absorption over the path
    beyond the reference distance (1 at or inside it)."""
    alpha = air_absorption_db_per_m(frequency_hz)
    extra = np.maximum(
        np.atleast_1d(np.asarray(distance_m, dtype=np.float64)) - reference_distance_m, 0.0
    )
    return 10.0 ** (-(extra[:, None] * alpha[None, :]) / 20.0)


def propagation_delay_samples(
    distance_m, sample_rate_hz: int, *, speed_of_sound_m_s: float = SPEED_OF_SOUND_M_S
):
    """``distance / c`` in samples (fractional)."""
    return np.asarray(distance_m, dtype=np.float64) / speed_of_sound_m_s * sample_rate_hz
