"""An HRTF set at one sample rate, ready for interpolation and rendering.

>>> hrtf = HrtfSet.load(None, 48_000)           # default MIT KEMAR set
>>> hrtf.hrir(90.0, 0.0).shape                   # (2, n_taps): left ear louder, earlier
>>> idx, w = hrtf.weights([30.0], [10.0])        # 3 measured directions and their weights

Loading reads the SOFA file (:mod:`engine.hrtf.sofa_reader`), resamples the IRs to the
session rate (polyphase, scipy), and splits every IR into an onset delay and an aligned
filter (:mod:`engine.hrtf.decompose`). A direction between measurements gets the
barycentric blend (:mod:`engine.hrtf.interpolate`) of the three surrounding aligned
filters, and the same blend of their delays (fractional samples), applied as a delay.
Loaded sets are cached per (file, modification time, sample rate, decomposition).
"""

from __future__ import annotations

import functools
import json
import os
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from engine.errors import HrtfError, ParameterError
from engine.hrtf.decompose import (
    DECOMPOSITIONS,
    aligned_filters,
    minimum_phase_filters,
    split_delays,
)
from engine.hrtf.interpolate import SphericalInterpolator
from engine.hrtf.sofa_reader import read_sofa_hrirs

DEFAULT_POINTER = Path(__file__).resolve().parents[2] / "assets" / "hrtf" / "default_hrtf.json"
BUNDLED_KEMAR = Path(__file__).resolve().parent / "data" / "MIT_KEMAR_normal_pinna.sofa"
_FALLBACK_CANDIDATES = (
    "/usr/share/libmysofa/MIT_KEMAR_normal_pinna.sofa",
    "/usr/share/libmysofa/default.sofa",
)
DEFAULT_ENV_VAR = "EARSPACE_DEFAULT_HRTF"


def default_hrtf_path() -> Path:
    """Where the default MIT KEMAR SOFA file is: the copy shipped in this package
    (``engine/hrtf/data``), else the system copies ``assets/hrtf/default_hrtf.json`` lists.

    ``$EARSPACE_DEFAULT_HRTF`` overrides it. Raises :class:`HrtfError` saying how to
    install it when no candidate exists.
    """
    override = os.environ.get(DEFAULT_ENV_VAR)
    if override:
        return Path(override).expanduser()
    if BUNDLED_KEMAR.is_file():
        return BUNDLED_KEMAR
    candidates: list[str] = list(_FALLBACK_CANDIDATES)
    package = "libmysofa1"
    if DEFAULT_POINTER.is_file():
        try:
            pointer = json.loads(DEFAULT_POINTER.read_text(encoding="utf-8"))
            candidates = list(pointer.get("candidates", candidates))
            package = str(pointer.get("package", package))
        except (OSError, json.JSONDecodeError):
            pass
    for c in candidates:
        if Path(c).is_file():
            return Path(c)
    raise HrtfError(
        f"default HRTF (MIT KEMAR) not found at {', '.join(candidates)}; install it with "
        f"`apt-get install {package.split()[0]}` (scripts/bootstrap.sh does this) or pass a "
        f"SOFA file (--hrtf FILE.sofa)"
    )


class HrtfSet:
    """HRIRs of one head at ``sample_rate_hz``, split into delays and aligned filters.

    Attributes (read-only arrays):
        measured ``[shape=(m, 2, n_taps)]`` float32: the measured HRIRs at the session rate.
        filters ``[shape=(m, 2, filter_len)]`` float32: onset-aligned (or minimum-phase)
        filters, all with their onset at sample ``filter_origin``.
        delays ``[shape=(m, 2)]`` int: onset delays in samples; ``measured`` is ``filters``
        delayed by ``delays - filter_origin`` (exactly, for the ``"aligned"`` decomposition).
        azimuth_deg, elevation_deg, distance_m ``[shape=(m,)]``: measured directions.
        reference_distance_m: the measurement distance (median), where distance gain is 0 dB.
    """

    def __init__(
        self,
        *,
        measured: np.ndarray,
        azimuth_deg: np.ndarray,
        elevation_deg: np.ndarray,
        distance_m: np.ndarray,
        sample_rate_hz: int,
        decomposition: str = "aligned",
        path: Path | None = None,
        title: str = "",
    ) -> None:
        if decomposition not in DECOMPOSITIONS:
            raise ParameterError(
                f"decomposition must be one of {DECOMPOSITIONS}, got {decomposition!r}"
            )
        self.sample_rate_hz = int(sample_rate_hz)
        self.path = path
        self.title = title
        self.decomposition = decomposition
        self.measured = _frozen(np.asarray(measured, dtype=np.float32))
        self.azimuth_deg = _frozen(np.asarray(azimuth_deg, dtype=np.float64))
        self.elevation_deg = _frozen(np.asarray(elevation_deg, dtype=np.float64))
        self.distance_m = _frozen(np.asarray(distance_m, dtype=np.float64))
        ref = float(np.median(self.distance_m))
        self.reference_distance_m = ref if np.isfinite(ref) and ref >= 0.1 else 1.0
        delays = split_delays(self.measured.astype(np.float64), self.sample_rate_hz)
        split = aligned_filters if decomposition == "aligned" else minimum_phase_filters
        filt, self.filter_origin = split(self.measured.astype(np.float64), delays)
        self.delays = _frozen(delays)
        self.filters = _frozen(filt.astype(np.float32))
        self.interpolator = SphericalInterpolator(self.azimuth_deg, self.elevation_deg)

    # ------------------------------------------------------------------ construction

    @classmethod
    def load(
        cls, path: str | os.PathLike | None, sample_rate_hz: int, *, decomposition: str = "aligned"
    ) -> HrtfSet:
        """Load a SOFA file (``None`` = default MIT KEMAR) resampled to ``sample_rate_hz``.

        Cached: loading the same unchanged file at the same rate returns the same object.
        """
        if (
            not isinstance(sample_rate_hz, int | np.integer)
            or not 8000 <= int(sample_rate_hz) <= 384_000
        ):
            raise ParameterError(
                f"sample_rate_hz must be an integer in 8000..384000, got {sample_rate_hz!r}"
            )
        p = default_hrtf_path() if path is None else Path(path).expanduser()
        if not p.is_file():
            raise HrtfError(f"{p}: HRTF file not found")
        p = p.resolve()
        stat = p.stat()
        return _load_cached(
            str(p), stat.st_mtime_ns, stat.st_size, int(sample_rate_hz), decomposition
        )

    # ------------------------------------------------------------------ queries

    @property
    def n_directions(self) -> int:
        return int(self.measured.shape[0])

    @property
    def n_taps(self) -> int:
        return int(self.measured.shape[-1])

    @property
    def filter_length(self) -> int:
        return int(self.filters.shape[-1])

    @property
    def max_delay(self) -> int:
        return int(self.delays.max())

    def nearest_index(self, azimuth_deg: float, elevation_deg: float) -> int:
        """Index of the measured direction nearest (great circle) to the given one."""
        from engine.geometry import angular_error_deg

        return int(
            np.argmin(
                angular_error_deg(azimuth_deg, elevation_deg, self.azimuth_deg, self.elevation_deg)
            )
        )

    def weights(self, azimuth_deg, elevation_deg) -> tuple[np.ndarray, np.ndarray]:
        """Indices and barycentric weights ``[shape=(q, 3)]`` of the measured directions
        around each query direction (see :mod:`engine.hrtf.interpolate`)."""
        return self.interpolator.weights(azimuth_deg, elevation_deg)

    def interpolate(self, azimuth_deg, elevation_deg) -> tuple[np.ndarray, np.ndarray]:
        """Blended filters ``[shape=(q, 2, filter_len)]`` float32 and delays
        ``[shape=(q, 2)]`` (fractional samples) for ``q`` query directions."""
        idx, w = self.weights(azimuth_deg, elevation_deg)
        filt = np.einsum("qv,qvel->qel", w.astype(np.float32), self.filters[idx])
        delays = np.einsum("qv,qve->qe", w, self.delays[idx].astype(np.float64))
        return filt, delays

    def hrir(self, azimuth_deg: float, elevation_deg: float = 0.0) -> np.ndarray:
        """The (interpolated) HRIR ``[shape=(2, n_taps)]`` float32 for one direction.

        At a measured direction this is the measured HRIR (``"aligned"`` decomposition).
        Fractional delays are applied in the frequency domain.
        """
        filt, delays = self.interpolate([azimuth_deg], [elevation_deg])
        n_fft = 1 << int(np.ceil(np.log2(2 * (self.n_taps + self.filter_length))))
        spec = np.fft.rfft(filt[0].astype(np.float64), n_fft, axis=-1)
        k = np.arange(spec.shape[-1])
        shift = delays[0] - self.filter_origin  # <= 0: the filter moves earlier
        spec *= np.exp(-2j * np.pi * k[None, :] * shift[:, None] / n_fft)
        out = np.fft.irfft(spec, n_fft, axis=-1)[:, : self.n_taps]
        return out.astype(np.float32)

    def measured_hrir(self, index: int) -> np.ndarray:
        """The measured HRIR ``[shape=(2, n_taps)]`` of direction ``index``."""
        return self.measured[index]

    def __repr__(self) -> str:
        return (
            f"HrtfSet({self.title!r}, {self.n_directions} directions, {self.n_taps} taps, "
            f"{self.sample_rate_hz} Hz, {self.decomposition})"
        )


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)
    return a


@functools.lru_cache(maxsize=8)
def _load_cached(
    path: str, mtime_ns: int, size: int, sample_rate_hz: int, decomposition: str
) -> HrtfSet:
    del mtime_ns, size  # part of the cache key only
    data = read_sofa_hrirs(path)
    ir = data.ir
    rate = data.sample_rate_hz
    if abs(rate - sample_rate_hz) > 1e-6:
        ratio = Fraction(sample_rate_hz) / Fraction(rate).limit_denominator(1000)
        ratio = ratio.limit_denominator(10_000)
        ir = resample_poly(ir, ratio.numerator, ratio.denominator, axis=-1)
    return HrtfSet(
        measured=ir,
        azimuth_deg=data.azimuth_deg,
        elevation_deg=data.elevation_deg,
        distance_m=data.distance_m,
        sample_rate_hz=sample_rate_hz,
        decomposition=decomposition,
        path=Path(path),
        title=data.title,
    )
