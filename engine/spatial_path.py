"""Spatial paths: where a source is over a region, as keyframes at fractions ``t`` of it.

A :class:`SpatialPath` holds keyframes ``t`` in [0, 1] (0 = region start, 1 = region end)
with ``azimuth_deg``, ``elevation_deg``, ``distance_m`` (SOFA convention: +90 azimuth = left,
+90 elevation = up). Between keyframes the direction moves along the great circle (slerp),
so a path front -> overhead -> behind goes over the top, and distance changes
geometrically (equal ratios in equal times, as an approaching source sounds). When two
neighbouring keyframes are opposite (no unique great circle) the azimuth is interpolated
linearly instead, through the keyframe values as written (90 -> -90 passes the front).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from engine.errors import ParameterError
from engine.geometry import direction_vector, vector_to_angles, wrap_azimuth_deg

MIN_DISTANCE_M = 0.05
MAX_DISTANCE_M = 10_000.0


@dataclass(frozen=True)
class Keyframe:
    """A source position at fraction ``t`` (0..1) of its region."""

    t: float
    azimuth_deg: float
    elevation_deg: float = 0.0
    distance_m: float = 1.5

    def __post_init__(self) -> None:
        for name in ("t", "azimuth_deg", "elevation_deg", "distance_m"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not np.isfinite(value):
                raise ParameterError(f"Keyframe.{name} must be a finite number, got {value!r}")
        if not 0.0 <= self.t <= 1.0:
            raise ParameterError(f"Keyframe.t must be in [0, 1], got {self.t}")
        if not -90.0 <= self.elevation_deg <= 90.0:
            raise ParameterError(
                f"Keyframe.elevation_deg must be in [-90, 90], got {self.elevation_deg}"
            )
        if not MIN_DISTANCE_M <= self.distance_m <= MAX_DISTANCE_M:
            raise ParameterError(
                f"Keyframe.distance_m must be in [{MIN_DISTANCE_M}, {MAX_DISTANCE_M}] m, got {self.distance_m}"
            )

    def to_dict(self) -> dict[str, float]:
        return {
            "t": float(self.t),
            "azimuth_deg": float(self.azimuth_deg),
            "elevation_deg": float(self.elevation_deg),
            "distance_m": float(self.distance_m),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Keyframe:
        if not isinstance(data, dict):
            raise ParameterError(f"a keyframe must be an object, got {data!r:.60}")
        missing = [k for k in ("t", "azimuth_deg") if k not in data]
        if missing:
            raise ParameterError(f"a keyframe needs {' and '.join(missing)}, got {data!r:.80}")
        return cls(
            t=data["t"],
            azimuth_deg=data["azimuth_deg"],
            elevation_deg=data.get("elevation_deg", 0.0),
            distance_m=data.get("distance_m", 1.5),
        )


@dataclass(frozen=True)
class SpatialPath:
    """Keyframes sorted by ``t``; one keyframe = a static source."""

    keyframes: tuple[Keyframe, ...]

    def __post_init__(self) -> None:
        if not self.keyframes:
            raise ParameterError("SpatialPath needs at least one keyframe")
        ts = [k.t for k in self.keyframes]
        if any(b < a for a, b in zip(ts, ts[1:], strict=False)):
            raise ParameterError(f"SpatialPath keyframes must be sorted by t, got t = {ts}")

    @classmethod
    def static(
        cls, azimuth_deg: float, elevation_deg: float = 0.0, distance_m: float = 1.5
    ) -> SpatialPath:
        return cls((Keyframe(0.0, azimuth_deg, elevation_deg, distance_m),))

    @classmethod
    def from_keyframes(cls, keyframes: Sequence[Keyframe]) -> SpatialPath:
        return cls(tuple(sorted(keyframes, key=lambda k: k.t)))

    @property
    def is_static(self) -> bool:
        first = self.keyframes[0]
        return all(
            k.azimuth_deg == first.azimuth_deg
            and k.elevation_deg == first.elevation_deg
            and k.distance_m == first.distance_m
            for k in self.keyframes
        )

    @property
    def start(self) -> Keyframe:
        return self.keyframes[0]

    @property
    def end(self) -> Keyframe:
        return self.keyframes[-1]

    def sample(self, t) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Positions at fractions ``t`` (array, clipped to [0, 1]).

        Returns ``(azimuth_deg, elevation_deg, distance_m)``, each shaped like ``t``;
        azimuth wrapped to (-180, 180].
        """
        t = np.clip(np.asarray(t, dtype=np.float64), 0.0, 1.0)
        kf = self.keyframes
        if len(kf) == 1:
            shape = t.shape
            return (
                np.full(shape, wrap_azimuth_deg(kf[0].azimuth_deg)),
                np.full(shape, kf[0].elevation_deg),
                np.full(shape, kf[0].distance_m),
            )
        kt = np.array([k.t for k in kf])
        seg = np.clip(np.searchsorted(kt, t, side="right") - 1, 0, len(kf) - 2)
        az = np.empty(t.shape)
        el = np.empty(t.shape)
        dist = np.empty(t.shape)
        for i in np.unique(seg):
            mask = seg == i
            a, b = kf[i], kf[i + 1]
            span = b.t - a.t
            u = np.zeros(np.count_nonzero(mask)) if span <= 0 else (t[mask] - a.t) / span
            u = np.clip(u, 0.0, 1.0)
            az[mask], el[mask] = _interpolate_direction(a, b, u)
            dist[mask] = a.distance_m * (b.distance_m / a.distance_m) ** u
        az = (az + 180.0) % 360.0 - 180.0
        az[az == -180.0] = 180.0
        return az, el, dist

    def at(self, t: float) -> Keyframe:
        """The position at fraction ``t`` as a :class:`Keyframe`."""
        az, el, dist = self.sample(np.array([t]))
        return Keyframe(float(np.clip(t, 0, 1)), float(az[0]), float(el[0]), float(dist[0]))

    def to_list(self) -> list[dict[str, float]]:
        return [k.to_dict() for k in self.keyframes]

    @classmethod
    def from_list(cls, data: Sequence[dict]) -> SpatialPath:
        return cls.from_keyframes([Keyframe.from_dict(d) for d in data])

    def mirrored(self) -> SpatialPath:
        """The left/right mirror image (azimuth negated)."""
        return SpatialPath(
            tuple(
                Keyframe(k.t, -k.azimuth_deg, k.elevation_deg, k.distance_m) for k in self.keyframes
            )
        )


def _interpolate_direction(
    a: Keyframe, b: Keyframe, u: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Great-circle interpolation from ``a`` to ``b`` at fractions ``u``."""
    va = direction_vector(a.azimuth_deg, a.elevation_deg)
    vb = direction_vector(b.azimuth_deg, b.elevation_deg)
    cos_omega = float(np.clip(np.dot(va, vb), -1.0, 1.0))
    omega = np.arccos(cos_omega)
    if omega < 1e-9:
        return np.full(u.shape, a.azimuth_deg), np.full(u.shape, a.elevation_deg)
    if np.pi - omega < 1e-3:
        # Opposite points: no unique great circle; follow the written azimuths.
        return (
            a.azimuth_deg + (b.azimuth_deg - a.azimuth_deg) * u,
            a.elevation_deg + (b.elevation_deg - a.elevation_deg) * u,
        )
    s = np.sin(omega)
    w_a = np.sin((1.0 - u) * omega) / s
    w_b = np.sin(u * omega) / s
    v = w_a[:, None] * va[None, :] + w_b[:, None] * vb[None, :]
    az, el = vector_to_angles(v)
    # At the poles the azimuth is arbitrary: keep the one nearer the keyframes'.
    pole = np.abs(el) > 89.999
    if np.any(pole):
        az = np.where(pole, a.azimuth_deg if u.mean() < 0.5 else b.azimuth_deg, az)
    return az, el
