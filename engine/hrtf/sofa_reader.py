"""Reading HRIR sets from SOFA files (``SimpleFreeFieldHRIR``) with ``sofar``.

:func:`read_sofa_hrirs` returns the measured impulse responses unchanged, with source
directions converted to the Earspace/SOFA convention (azimuth counter-clockwise, +90 =
left; elevation +90 = up). Anything Earspace cannot use raises
:class:`~engine.errors.HrtfError` naming the file and the problem:

* a file that is missing or not a SOFA/netCDF file;
* a convention other than ``SimpleFreeFieldHRIR`` (``GeneralFIR`` with the same layout
  is accepted too, it is the same data without the naming guarantees);
* not exactly two receivers (left ear = receiver 0, right = receiver 1);
* source positions that are not spherical (degrees) or cartesian (metres);
* a per-measurement sampling rate, NaN/Inf samples, or an empty set.

A non-zero ``Data.Delay`` (samples, per measurement and ear) is applied to the IRs. When
``ReceiverPosition`` puts receiver 0 on the right (negative y), the ears are swapped so
that row 0 is always the left ear.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from engine.errors import HrtfError
from engine.untrusted import require_regular_file

SUPPORTED_CONVENTIONS = ("SimpleFreeFieldHRIR", "GeneralFIR")


@dataclass(frozen=True)
class MeasuredHrirs:
    """HRIRs as stored in a SOFA file.

    ``ir`` ``[shape=(n_directions, 2, n_taps)]`` float64 (row 0 = left ear);
    ``azimuth_deg``, ``elevation_deg``, ``distance_m`` ``[shape=(n_directions,)]``.
    """

    path: Path
    ir: np.ndarray
    sample_rate_hz: float
    azimuth_deg: np.ndarray
    elevation_deg: np.ndarray
    distance_m: np.ndarray
    title: str


def read_sofa_hrirs(path: str | os.PathLike) -> MeasuredHrirs:
    """Read and validate a SOFA HRIR file (see the module docstring)."""
    import sofar  # local import: netCDF4/h5py are slow to import

    p = require_regular_file(Path(path).expanduser(), error=HrtfError, what="HRTF file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sofa = sofar.read_sofa(str(p), verify=False, verbose=False)
    except Exception as exc:  # sofar/netCDF raise many kinds of errors
        raise HrtfError(f"{p}: not a readable SOFA file ({type(exc).__name__}: {exc})") from exc

    convention = str(getattr(sofa, "GLOBAL_SOFAConventions", ""))
    if convention not in SUPPORTED_CONVENTIONS:
        raise HrtfError(
            f"{p}: SOFA convention {convention!r} is not supported; Earspace reads "
            f"SimpleFreeFieldHRIR (head-related impulse responses per direction)"
        )
    data_type = str(getattr(sofa, "GLOBAL_DataType", "FIR"))
    if not data_type.startswith("FIR"):
        raise HrtfError(
            f"{p}: SOFA DataType {data_type!r} is not supported; need FIR impulse responses"
        )

    ir = np.asarray(getattr(sofa, "Data_IR", None), dtype=np.float64)
    if ir.ndim != 3 or ir.shape[0] < 1 or ir.shape[2] < 1:
        raise HrtfError(
            f"{p}: Data.IR must have shape (measurements, receivers, samples), got {ir.shape}"
        )
    if ir.shape[1] != 2:
        raise HrtfError(
            f"{p}: {ir.shape[1]} receivers; an HRTF set needs exactly 2 (left and right ear)"
        )
    if not np.all(np.isfinite(ir)):
        raise HrtfError(f"{p}: Data.IR holds NaN or Inf samples")
    if not np.any(ir):
        raise HrtfError(f"{p}: Data.IR is all zeros")

    rate = np.atleast_1d(np.asarray(sofa.Data_SamplingRate, dtype=np.float64))
    if rate.size != 1 and not np.all(rate == rate[0]):
        raise HrtfError(f"{p}: per-measurement sampling rates are not supported")
    rate_hz = float(rate[0])
    if not np.isfinite(rate_hz) or rate_hz < 8000:
        raise HrtfError(f"{p}: implausible Data.SamplingRate {rate_hz!r} Hz")

    az, el, dist = _source_directions(sofa, p, ir.shape[0])
    ir = _apply_data_delay(sofa, ir, p)
    if _receivers_swapped(sofa):
        ir = ir[:, ::-1, :].copy()
    return MeasuredHrirs(
        path=p,
        ir=ir,
        sample_rate_hz=rate_hz,
        azimuth_deg=az,
        elevation_deg=el,
        distance_m=dist,
        title=str(getattr(sofa, "GLOBAL_Title", "") or p.stem),
    )


def _source_directions(sofa, p: Path, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pos = np.asarray(sofa.SourcePosition, dtype=np.float64)
    if pos.ndim == 1:
        pos = np.broadcast_to(pos, (n, 3))
    if pos.shape != (n, 3):
        raise HrtfError(f"{p}: SourcePosition must have shape ({n}, 3), got {pos.shape}")
    if not np.all(np.isfinite(pos)):
        raise HrtfError(f"{p}: SourcePosition holds NaN or Inf")
    kind = str(getattr(sofa, "SourcePosition_Type", "spherical")).lower()
    units = str(getattr(sofa, "SourcePosition_Units", "")).lower()
    if kind.startswith("spherical"):
        if "rad" in units:
            raise HrtfError(f"{p}: SourcePosition in radians is not supported (units {units!r})")
        az, el, dist = pos[:, 0], pos[:, 1], pos[:, 2]
    elif kind.startswith("cartesian"):
        dist = np.linalg.norm(pos, axis=1)
        if np.any(dist <= 0):
            raise HrtfError(f"{p}: a cartesian SourcePosition lies at the listener (distance 0)")
        az = np.degrees(np.arctan2(pos[:, 1], pos[:, 0]))
        el = np.degrees(np.arcsin(np.clip(pos[:, 2] / dist, -1.0, 1.0)))
    else:
        raise HrtfError(
            f"{p}: SourcePosition:Type {kind!r} is not supported (need spherical or cartesian)"
        )
    if np.any(np.abs(el) > 90.0 + 1e-6):
        raise HrtfError(f"{p}: source elevations outside [-90, 90] deg")
    az = (az + 180.0) % 360.0 - 180.0
    return az.copy(), np.clip(el, -90.0, 90.0).copy(), np.abs(dist).copy()


def _receivers_swapped(sofa) -> bool:
    """True when receiver 0 sits on the right (negative y): SOFA files normally list the
    left ear first, but some store the right ear first and say so only in
    ReceiverPosition."""
    try:
        pos = np.asarray(sofa.ReceiverPosition, dtype=np.float64)
        kind = str(getattr(sofa, "ReceiverPosition_Type", "cartesian")).lower()
    except (AttributeError, TypeError, ValueError):
        return False
    if not kind.startswith("cartesian") or pos.ndim < 2 or pos.shape[0] != 2 or pos.shape[1] < 2:
        return False
    y0, y1 = float(np.ravel(pos[0, 1])[0]), float(np.ravel(pos[1, 1])[0])
    return y0 < 0.0 < y1


def _apply_data_delay(sofa, ir: np.ndarray, p: Path) -> np.ndarray:
    delay = np.asarray(getattr(sofa, "Data_Delay", np.zeros((1, 2))), dtype=np.float64)
    if not np.any(delay):
        return ir
    try:
        delay = np.broadcast_to(delay, ir.shape[:2])
    except ValueError as exc:
        raise HrtfError(
            f"{p}: Data.Delay shape {delay.shape} does not match Data.IR {ir.shape}"
        ) from exc
    if np.any(delay < 0) or np.any(delay != np.round(delay)):
        raise HrtfError(f"{p}: Data.Delay must be whole non-negative samples")
    d = delay.astype(int)
    out = np.zeros(ir.shape[:2] + (ir.shape[2] + int(d.max()),))
    for m in range(ir.shape[0]):
        for e in range(2):
            out[m, e, d[m, e] : d[m, e] + ir.shape[2]] = ir[m, e]
    return out
