"""Barycentric interpolation weights between measured directions on the sphere.

The measured directions (unit vectors) are triangulated by their convex hull, which for
points on a sphere is their spherical Delaunay triangulation. A query direction ``v``
lies in the cone of exactly one triangle ``(p0, p1, p2)``; solving ``v = M w`` with
``M = [p0 p1 p2]`` and normalising ``w / sum(w)`` gives three non-negative weights (as in
VBAP). At a measured direction the weights are ``(1, 0, 0)``, so measured HRIRs are
reproduced exactly. Gaps in the measurement grid (KEMAR has nothing below -40 deg
elevation) are covered by the hull's large triangles: directions there blend the
nearest ring of measurements.

Lookup: a k-d tree over the triangles' centroids gives a few candidates per query; all
triangles are searched only when none of those contains it.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import ConvexHull, cKDTree

from engine.errors import HrtfError
from engine.geometry import direction_vector

_EPS = 1e-9
_CANDIDATES = 8


class SphericalInterpolator:
    """Weights of the three measured directions around each query direction."""

    def __init__(self, azimuth_deg: np.ndarray, elevation_deg: np.ndarray) -> None:
        points = direction_vector(azimuth_deg, elevation_deg)
        self.points = points
        n = points.shape[0]
        if n < 4:
            raise HrtfError(
                f"an HRTF set needs at least 4 directions to interpolate between, got {n}"
            )
        try:
            hull = ConvexHull(points)
        except Exception as exc:  # qhull errors (all points on one circle, ...)
            raise HrtfError(f"cannot triangulate the HRTF directions ({exc})") from exc
        self.triangles = hull.simplices.astype(np.int64)  # (T, 3)
        mats = points[self.triangles].transpose(0, 2, 1)  # (T, 3 xyz, 3 vertices)
        det = np.linalg.det(mats)
        keep = np.abs(det) > 1e-12  # degenerate (flat through the centre) triangles
        self.triangles = self.triangles[keep]
        self.inverse = np.linalg.inv(mats[keep])  # (T, 3, 3)
        centroids = points[self.triangles].mean(axis=1)
        self.tree = cKDTree(centroids / np.linalg.norm(centroids, axis=1, keepdims=True))

    def weights(self, azimuth_deg, elevation_deg) -> tuple[np.ndarray, np.ndarray]:
        """Indices ``[shape=(q, 3)]`` and weights ``[shape=(q, 3)]`` (sum 1, >= 0)."""
        v = np.atleast_2d(direction_vector(np.ravel(azimuth_deg), np.ravel(elevation_deg)))
        # Candidate triangles: the ones whose centroids are nearest the query.
        _, cand = self.tree.query(v, k=min(_CANDIDATES, self.triangles.shape[0]))
        cand = np.atleast_2d(cand).reshape(v.shape[0], -1)
        valid = cand >= 0
        raw = np.einsum("qcij,qj->qci", self.inverse[np.where(valid, cand, 0)], v)
        score = np.where(valid, raw.min(axis=2), -np.inf)
        best = np.argmax(score, axis=1)
        rows = np.arange(v.shape[0])
        tri = cand[rows, best]
        w = raw[rows, best]
        missed = score[rows, best] < -_EPS
        if np.any(missed):  # rare (big triangles): search every triangle
            lost = np.flatnonzero(missed)
            all_raw = np.einsum("tij,qj->qti", self.inverse, v[lost])  # (m, T, 3)
            t = np.argmax(all_raw.min(axis=2), axis=1)
            tri[lost], w[lost] = t, all_raw[np.arange(lost.size), t]
        w = np.clip(w, 0.0, None)
        w /= np.maximum(w.sum(axis=1, keepdims=True), 1e-300)
        return self.triangles[tri], w
