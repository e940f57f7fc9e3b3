"""The listener's head orientation and how it turns the scene.

Frame: x = front, y = left, z = up (as :mod:`engine.geometry`). A head pose is the
rotation ``R`` from head coordinates to world (scene) coordinates, built from
yaw / pitch / roll in degrees as ``R = Rz(yaw) @ Ry(-pitch) @ Rx(-roll)``:

* yaw: counter-clockwise seen from above, +90 = head turned to its left (a source
  straight ahead is then heard on the right);
* pitch: + = looking up (the nose rises toward +z);
* roll: + = tilting toward the left shoulder (the top of the head moves toward +y).

A quaternion ``(w, x, y, z)`` in the same frame gives ``R`` directly. A source at world
direction ``v`` is heard from head direction ``R.T @ v``: the scene turns opposite to
the head. :class:`HeadState` holds the current pose for the audio thread (one immutable
3x3 matrix swapped atomically) plus the recentre reference.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np

from engine.errors import ParameterError


def _rz(deg: float) -> np.ndarray:
    a = np.radians(deg)
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, -s, 0.0], [s, c, 0.0], [0.0, 0.0, 1.0]])


def _ry(deg: float) -> np.ndarray:
    a = np.radians(deg)
    c, s = np.cos(a), np.sin(a)
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


def _rx(deg: float) -> np.ndarray:
    a = np.radians(deg)
    c, s = np.cos(a), np.sin(a)
    return np.array([[1.0, 0.0, 0.0], [0.0, c, -s], [0.0, s, c]])


def ypr_to_matrix(yaw_deg: float, pitch_deg: float, roll_deg: float) -> np.ndarray:
    """Head-to-world rotation ``[shape=(3, 3)]`` (see the module docstring)."""
    return _rz(yaw_deg) @ _ry(-pitch_deg) @ _rx(-roll_deg)


def quaternion_to_matrix(w: float, x: float, y: float, z: float) -> np.ndarray:
    """Rotation ``[shape=(3, 3)]`` of the unit quaternion ``(w, x, y, z)`` (normalised here)."""
    q = np.array([w, x, y, z], dtype=np.float64)
    norm = float(np.linalg.norm(q))
    if not np.isfinite(norm) or norm < 1e-9:
        raise ParameterError(f"quaternion {tuple(q)} is zero or not finite")
    w, x, y, z = q / norm
    return np.array(
        [
            [1 - 2 * (y * y + z * z), 2 * (x * y - w * z), 2 * (x * z + w * y)],
            [2 * (x * y + w * z), 1 - 2 * (x * x + z * z), 2 * (y * z - w * x)],
            [2 * (x * z - w * y), 2 * (y * z + w * x), 1 - 2 * (x * x + y * y)],
        ]
    )


def matrix_to_ypr(r: np.ndarray) -> tuple[float, float, float]:
    """Inverse of :func:`ypr_to_matrix`: ``(yaw_deg, pitch_deg, roll_deg)``."""
    # R = Rz(y) Ry(-p) Rx(-r): R[2,0] = sin(p), R[1,0]/R[0,0] = tan(y), R[2,1]/R[2,2] = -tan(r)
    pitch = float(np.degrees(np.arcsin(np.clip(r[2, 0], -1.0, 1.0))))
    yaw = float(np.degrees(np.arctan2(r[1, 0], r[0, 0])))
    roll = float(np.degrees(np.arctan2(-r[2, 1], r[2, 2])))
    return yaw, pitch, roll


def rotate_directions(
    rotation: np.ndarray, azimuth_deg: np.ndarray, elevation_deg: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """World directions -> head directions ``R.T @ v`` (arrays of any equal shape)."""
    az = np.radians(np.asarray(azimuth_deg, dtype=np.float64))
    el = np.radians(np.asarray(elevation_deg, dtype=np.float64))
    ce = np.cos(el)
    v = np.stack([ce * np.cos(az), ce * np.sin(az), np.sin(el)], axis=-1)
    h = v @ rotation  # row vectors: v @ R == (R.T @ v.T).T
    return (
        np.degrees(np.arctan2(h[..., 1], h[..., 0])),
        np.degrees(np.arctan2(h[..., 2], np.hypot(h[..., 0], h[..., 1]))),
    )


@dataclass(frozen=True)
class HeadPose:
    """One orientation: the head-to-world ``rotation`` relative to the recentred front,
    and the time it arrived (``time.perf_counter()`` seconds)."""

    rotation: np.ndarray
    arrived_s: float

    @property
    def ypr_deg(self) -> tuple[float, float, float]:
        return matrix_to_ypr(self.rotation)

    @property
    def is_identity(self) -> bool:
        return bool(np.allclose(self.rotation, np.eye(3), atol=1e-9))


IDENTITY_POSE = HeadPose(np.eye(3), 0.0)


class HeadState:
    """The current head pose, written by the OSC thread (or the app), read by audio.

    ``set_*`` store the tracker's raw orientation; the pose the renderer uses is that
    orientation relative to the one captured by :meth:`recentre`. Reads are lock-free
    (one attribute holding an immutable :class:`HeadPose`).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._raw = np.eye(3)
        self._reference = np.eye(3)
        self.pose: HeadPose = IDENTITY_POSE
        self.messages = 0

    def set_matrix(self, rotation: np.ndarray, arrived_s: float | None = None) -> None:
        t = time.perf_counter() if arrived_s is None else arrived_s
        with self._lock:
            self._raw = np.asarray(rotation, dtype=np.float64)
            self.messages += 1
            self._publish(t)

    def set_ypr(self, yaw_deg: float, pitch_deg: float, roll_deg: float, arrived_s=None) -> None:
        values = (float(yaw_deg), float(pitch_deg), float(roll_deg))
        if not all(np.isfinite(values)):
            raise ParameterError(f"head yaw/pitch/roll must be finite degrees, got {values}")
        self.set_matrix(ypr_to_matrix(*values), arrived_s)

    def set_quaternion(self, w: float, x: float, y: float, z: float, arrived_s=None) -> None:
        self.set_matrix(quaternion_to_matrix(w, x, y, z), arrived_s)

    def recentre(self) -> None:
        """The current orientation becomes straight ahead."""
        with self._lock:
            self._reference = self._raw.copy()
            self._publish(time.perf_counter())

    def _publish(self, t: float) -> None:
        rel = self._reference.T @ self._raw
        rel.setflags(write=False)
        self.pose = HeadPose(rel, t)
