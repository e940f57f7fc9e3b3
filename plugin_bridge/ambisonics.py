"""AmbiX (ACN channel order, SN3D normalisation) encoding of a session's sources, orders 1-3.

Each track's mono audio is a point source moving along its scene timeline
(:mod:`engine.timeline`, the one every engine reads: the same hold rule between regions;
a region naming several sources is encoded at its main source). No room is encoded: a
timeline with rooms adds a notice. Its B-format
signal is ``s(t) * g(r(t)) * Y(az(t), el(t))`` where ``Y`` are the real spherical
harmonics up to ``order`` and ``g`` the physical engine's distance law
(:func:`engine.physical.distance.distance_gain`): ``g = r_ref / max(r, 0.25 m)``, 0 dB at
``reference_distance_m`` (1.4 m, the MIT KEMAR measurement distance). Directions follow
Earspace's convention, which is also AmbiX's: azimuth counter-clockwise from the front
(+90 deg = left), elevation up.

Real spherical harmonics, SN3D, no Condon-Shortley phase (Nachbar et al., "AmbiX - a
suggested ambisonics format", 2011)::

    Y_l^m(az, el) = N_l^|m| P_l^|m|(sin el) * (cos(m az) if m >= 0 else sin(|m| az))
    N_l^m = sqrt((2 - delta_m0) (l - m)! / (l + m)!)          ACN index = l^2 + l + m

so W = 1 for every direction, ACN 1..3 = (Y, Z, X) = (sin az cos el, sin el, cos az cos el),
and ``sum_m Y_l^m^2 = 1`` for every order ``l``.

Example::

    bformat = encode_point_source(mono, azimuth_deg=90, elevation_deg=0, order=3)  # (16, n)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.special import lpmv

from engine.errors import ParameterError
from engine.physical.distance import MIN_GAIN_DISTANCE_M, distance_gain
from engine.timeline import Timeline

MAX_ORDER = 3
#: MIT KEMAR's measurement distance: the physical engine's 0 dB distance for its default HRTF.
DEFAULT_REFERENCE_DISTANCE_M = 1.4
_BLOCK_FRAMES = 48_000


@dataclass(frozen=True)
class AmbisonicsConfig:
    """``order`` 1-3 (4, 9 or 16 channels); distance law as the physical engine's."""

    order: int = 1
    reference_distance_m: float = DEFAULT_REFERENCE_DISTANCE_M
    min_gain_distance_m: float = MIN_GAIN_DISTANCE_M

    def __post_init__(self) -> None:
        if self.order not in (1, 2, 3):
            raise ParameterError(f"Ambisonics order must be 1, 2 or 3, got {self.order!r}")
        if not self.reference_distance_m > 0:
            raise ParameterError(
                f"reference_distance_m must be > 0 m, got {self.reference_distance_m!r}"
            )

    @property
    def num_channels(self) -> int:
        return (self.order + 1) ** 2


def acn(degree: int, index: int) -> int:
    """ACN channel number of the harmonic of degree ``l`` and index ``m`` (-l..l)."""
    return degree * degree + degree + index


def sn3d_harmonics(azimuth_deg, elevation_deg, order: int) -> np.ndarray:
    """Real SN3D spherical harmonics in ACN order ``[shape=((order+1)^2, *direction shape)]``."""
    az = np.radians(np.asarray(azimuth_deg, dtype=np.float64))
    el = np.radians(np.asarray(elevation_deg, dtype=np.float64))
    az, el = np.broadcast_arrays(az, el)
    sin_el = np.sin(el)
    out = np.empty(((order + 1) ** 2, *az.shape))
    for degree in range(order + 1):
        for index in range(-degree, degree + 1):
            m = abs(index)
            norm = math.sqrt(
                (2.0 - (m == 0)) * math.factorial(degree - m) / math.factorial(degree + m)
            )
            # scipy's lpmv includes the Condon-Shortley phase (-1)^m; AmbiX does not.
            legendre = (-1.0) ** m * lpmv(m, degree, sin_el)
            trig = np.cos(m * az) if index >= 0 else np.sin(m * az)
            out[acn(degree, index)] = norm * legendre * trig
    return out


def encode_point_source(
    mono: np.ndarray,
    *,
    azimuth_deg,
    elevation_deg,
    distance_m=None,
    config: AmbisonicsConfig | None = None,
    order: int | None = None,
) -> np.ndarray:
    """Encode ``mono [shape=(n,)]`` at per-sample (or scalar) directions -> ``[shape=(channels, n)]``.

    ``distance_m`` (scalar or per sample; ``None`` = reference distance, 0 dB) applies the
    distance law of :class:`AmbisonicsConfig`.
    """
    cfg = config or AmbisonicsConfig(order=order or 1)
    if order is not None and order != cfg.order:
        cfg = AmbisonicsConfig(order, cfg.reference_distance_m, cfg.min_gain_distance_m)
    x = np.asarray(mono, dtype=np.float64)
    if x.ndim != 1:
        raise ParameterError(f"mono audio must have shape (n,), got {x.shape}")
    n = x.shape[0]
    az = np.broadcast_to(np.asarray(azimuth_deg, dtype=np.float64), (n,))
    el = np.broadcast_to(np.asarray(elevation_deg, dtype=np.float64), (n,))
    gain = np.ones(n)
    if distance_m is not None:
        dist = np.broadcast_to(np.asarray(distance_m, dtype=np.float64), (n,))
        gain = distance_gain(
            dist, cfg.reference_distance_m, min_gain_distance_m=cfg.min_gain_distance_m
        )
    out = np.empty((cfg.num_channels, n), np.float32)
    for start in range(0, n, _BLOCK_FRAMES):
        sl = slice(start, min(start + _BLOCK_FRAMES, n))
        out[:, sl] = sn3d_harmonics(az[sl], el[sl], cfg.order) * (x[sl] * gain[sl])
    return out


def encode_track(
    mono: np.ndarray, timeline: Timeline, sample_rate_hz: int, *, config: AmbisonicsConfig
) -> tuple[np.ndarray, list[str]]:
    """Encode one track ``[shape=(n,)]`` along its timeline's main source; returns
    ``(b_format [shape=(channels, n)], notices)``."""
    notices: list[str] = []
    if not timeline.placed:
        timeline = timeline.with_front_distance(config.reference_distance_m)
        notices.append("no region is placed: the source is encoded in front (0 deg)")
    rooms = [r for r in timeline.rooms() if r != "anechoic"]
    if rooms:
        notices.append(
            f"AmbiX holds no room: {', '.join(map(repr, rooms))} not applied (dry sources)"
        )
    if timeline.max_sources > 1:
        notices.append("a region names several sources: encoded at its first source")
    az, el, dist = timeline.positions(np.arange(mono.shape[0]) / sample_rate_hz)
    return encode_point_source(
        mono, azimuth_deg=az, elevation_deg=el, distance_m=dist, config=config
    ), notices


def steered_response(b_format: np.ndarray, azimuth_deg, elevation_deg) -> np.ndarray:
    """Energy ``[shape=(n_directions,)]`` of a maximum-directivity decoder beam pointed at
    each direction (1-D arrays of azimuths and elevations).

    With SN3D signals ``b = Y(d_s) s``, the beam ``sum_l (2l + 1) sum_m Y_l^m(d) b_l^m``
    equals ``s * sum_l (2l + 1) P_l(cos angle(d, d_s))`` (addition theorem), which peaks
    at the source direction.
    """
    channels = b_format.shape[0]
    order = math.isqrt(channels) - 1
    degrees = np.floor(np.sqrt(np.arange(channels))).astype(np.int64)
    weights = (2 * degrees + 1).astype(np.float64)
    y = sn3d_harmonics(np.ravel(azimuth_deg), np.ravel(elevation_deg), order)  # (channels, n_dirs)
    beams = (y * weights[:, None]).T @ b_format.astype(np.float64)  # (n_dirs, n_samples)
    return np.sum(beams**2, axis=1)


__all__ = [
    "MAX_ORDER",
    "DEFAULT_REFERENCE_DISTANCE_M",
    "AmbisonicsConfig",
    "acn",
    "sn3d_harmonics",
    "encode_point_source",
    "encode_track",
    "steered_response",
]
