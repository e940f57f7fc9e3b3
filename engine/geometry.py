"""Directions and angles in the SOFA convention (see ``engine``'s docstring).

Unit vectors: x = front, y = left, z = up.
"""

from __future__ import annotations

import numpy as np


def wrap_azimuth_deg(azimuth_deg: float) -> float:
    """Wrap an azimuth to (-180, 180] degrees."""
    a = (float(azimuth_deg) + 180.0) % 360.0 - 180.0
    return 180.0 if a == -180.0 else a


def direction_vector(azimuth_deg, elevation_deg) -> np.ndarray:
    """Unit vector(s) ``[..., 3]`` (x front, y left, z up) for angles in degrees."""
    az = np.radians(np.asarray(azimuth_deg, dtype=np.float64))
    el = np.radians(np.asarray(elevation_deg, dtype=np.float64))
    return np.stack([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)], axis=-1)


def vector_to_angles(vec) -> tuple[np.ndarray, np.ndarray]:
    """Inverse of :func:`direction_vector`: ``(azimuth_deg, elevation_deg)`` of ``vec[..., 3]``."""
    v = np.asarray(vec, dtype=np.float64)
    az = np.degrees(np.arctan2(v[..., 1], v[..., 0]))
    el = np.degrees(np.arctan2(v[..., 2], np.hypot(v[..., 0], v[..., 1])))
    return az, el


def angular_error_deg(az1, el1, az2, el2) -> np.ndarray:
    """Great-circle angle ``acos(u1 . u2)`` in degrees between two directions."""
    dot = np.sum(direction_vector(az1, el1) * direction_vector(az2, el2), axis=-1)
    return np.degrees(np.arccos(np.clip(dot, -1.0, 1.0)))
