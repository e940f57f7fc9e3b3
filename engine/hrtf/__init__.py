"""HRTF sets: SOFA files, the default MIT KEMAR set, interpolation between directions.

``HrtfSet.load(path_or_None, sample_rate_hz)`` reads a SOFA ``SimpleFreeFieldHRIR`` file
(``None`` = the MIT KEMAR set shipped in ``engine/hrtf/data`` with its licence; Debian's
``libmysofa1`` copies, listed in ``assets/hrtf/default_hrtf.json``, are fallbacks),
resamples it to the session rate and prepares it for interpolation: every HRIR is split
into an onset delay and an onset-aligned filter (:mod:`engine.hrtf.decompose`), directions between measurements blend the three
surrounding measurements with barycentric weights on the sphere
(:mod:`engine.hrtf.interpolate`), filters and delays separately, so there is no comb
filtering. ``.hrir(azimuth_deg, elevation_deg)`` gives a ``(2, n_taps)`` HRIR (row 0 =
left ear); unsupported files raise :class:`~engine.errors.HrtfError`.
"""

from engine.hrtf.decompose import DECOMPOSITIONS
from engine.hrtf.hrtf_set import HrtfSet, default_hrtf_path
from engine.hrtf.sofa_reader import MeasuredHrirs, read_sofa_hrirs

__all__ = ["DECOMPOSITIONS", "HrtfSet", "MeasuredHrirs", "default_hrtf_path", "read_sofa_hrirs"]
