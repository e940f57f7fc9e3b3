"""Scoring parsed prompts against a labelled test set (``tests/data/prompts/prompts.jsonl``).

Each case gives expected sources (direction at the start, optionally at the middle and
end, distance, motion, a label word), a room and tolerances (keys documented in
``tests/data/prompts/README.md``). A case passes when every check holds. Angular error is
``acos(u_pred . u_true)`` in degrees on unit direction vectors (as text2hoa reports it),
taken per source as the worst of its start / middle / end checks; distance error is
``|ln(pred / true)|``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from engine.geometry import angular_error_deg
from engine.prompt.placement import Placement, SourcePlacement

DEFAULT_TOLERANCE_DEG = 15.0
DEFAULT_DISTANCE_RATIO = 1.5


@dataclass(frozen=True)
class CaseResult:
    """Outcome of one case: ``passed``, why not (``failures``), per-source angular errors
    (deg), distance errors (|ln ratio|), and motion checks (True/False per checked source)."""

    case: dict
    passed: bool
    failures: tuple[str, ...]
    angular_errors_deg: tuple[float, ...] = ()
    distance_errors_ln: tuple[float, ...] = ()
    motion_checks: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Summary:
    """Totals over a test set: ``accuracy`` counts every check (direction, distance, motion,
    label, room, confidence); ``direction_accuracy`` only whether each expected direction is
    within its angular tolerance (of the cases that expect a position)."""

    n_cases: int
    accuracy: float
    direction_accuracy: float
    median_angular_error_deg: float
    p90_angular_error_deg: float
    mean_angular_error_deg: float
    median_distance_error_ln: float
    p90_distance_error_ln: float
    motion_accuracy: float
    n_motion: int
    multi_source_accuracy: float
    n_multi: int
    unplaced_accuracy: float
    n_unplaced: int
    per_category: dict[str, tuple[int, int]] = field(default_factory=dict)


def load_cases(path: str | Path) -> list[dict]:
    """The cases of a JSONL test set, one dict per non-empty line; lines starting with
    ``#`` are the file's header (how and when the set was written, its first-look score)."""
    cases = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            cases.append(json.loads(line))
    return cases


def _expected_sources(case: dict) -> list[dict]:
    if "src" in case:
        out = []
        for s in case["src"]:
            merged = {k: v for k, v in case.items() if k in ("tol", "dtol")}
            merged.update(s)
            out.append(merged)
        return out
    return [case]


def _check_source(exp: dict, src: SourcePlacement, case: dict, failures: list[str]):
    tol = float(exp.get("tol", DEFAULT_TOLERANCE_DEG))
    dtol = float(exp.get("dtol", DEFAULT_DISTANCE_RATIO))
    checks = [(0.0, exp.get("az", 0.0), exp.get("el", 0.0))]
    if "via" in exp:
        checks.append((0.5, exp["via"].get("az", 0.0), exp["via"].get("el", 0.0)))
    if "end" in exp:
        checks.append(
            (
                1.0,
                exp["end"].get("az", exp.get("az", 0.0)),
                exp["end"].get("el", exp.get("el", 0.0)),
            )
        )
    errors = []
    for t, az, el in checks:
        k = src.path.at(t)
        err = float(angular_error_deg(k.azimuth_deg, k.elevation_deg, az, el))
        errors.append(err)
        if err > tol:
            failures.append(
                f"direction at t={t:g}: got az {k.azimuth_deg:.0f} el {k.elevation_deg:.0f}, want az {az} el {el} (error {err:.0f} > {tol:g} deg)"
            )
    dist_errors = []
    for t, d in ((0.0, exp.get("d")), (1.0, exp.get("end", {}).get("d"))):
        if d is None:
            continue
        got = src.path.at(t).distance_m
        e = abs(float(np.log(got / d)))
        dist_errors.append(e)
        if e > np.log(dtol) + 1e-9:
            failures.append(f"distance at t={t:g}: got {got:.2f} m, want {d} m (x{dtol:g})")
    motion_checks = []
    want = exp.get("m")
    if want is None and "end" not in exp and not exp.get("nomotion") and not case.get("nomotion"):
        want = "static"
    if want is not None:
        ok = (src.motion or "").startswith("circling") if want == "circling" else src.motion == want
        if "m" in exp:
            motion_checks.append(ok)
        if not ok:
            failures.append(f"motion: got {src.motion}, want {want}")
    lab = exp.get("lab")
    if lab is not None and lab.lower() not in src.label.lower():
        failures.append(f"label: {src.label!r} lacks {lab!r}")
    return max(errors), dist_errors, motion_checks


def _check_confidence(case: dict, placement: Placement, failures: list[str]) -> None:
    """``cmax`` / ``cmin``: bounds on the confidence (vague prompts must not look sure, plain
    ones must not look doubtful); ``note``: words one of the notes must contain."""
    if "cmax" in case and placement.confidence > float(case["cmax"]) + 1e-9:
        failures.append(f"confidence {placement.confidence:.2f} > {case['cmax']} (vague prompt)")
    if "cmin" in case and placement.confidence < float(case["cmin"]) - 1e-9:
        failures.append(f"confidence {placement.confidence:.2f} < {case['cmin']} (plain prompt)")
    want = case.get("note")
    if want is not None and not any(want.lower() in n.lower() for n in placement.notes):
        failures.append(f"no note mentions {want!r} (notes: {list(placement.notes)})")


def score_case(case: dict, placement: Placement) -> CaseResult:
    """Check one parsed prompt against its case."""
    failures: list[str] = []
    want_placed = bool(case.get("placed", True))
    if placement.placed != want_placed:
        failures.append(f"placed={placement.placed}, want {want_placed} ({placement.reason})")
        n = len(_expected_sources(case)) if want_placed else 0
        return CaseResult(case, False, tuple(failures), tuple([180.0] * n))
    if not want_placed:
        return CaseResult(case, True, ())
    _check_confidence(case, placement, failures)
    if not case.get("noroomcheck") and placement.room != case.get("room"):
        failures.append(f"room: got {placement.room}, want {case.get('room')}")
    expected = _expected_sources(case)
    loose = bool(case.get("loose"))
    if not loose and len(placement.sources) != len(expected):
        failures.append(f"{len(placement.sources)} sources, want {len(expected)}")
    ang, dist, mot = [], [], []
    used: set[int] = set()
    for i, exp in enumerate(expected):
        src = None
        if loose:
            for j, s in enumerate(placement.sources):
                if j not in used and (
                    exp.get("lab") is None or exp["lab"].lower() in s.label.lower()
                ):
                    src = s
                    used.add(j)
                    break
        elif i < len(placement.sources):
            src = placement.sources[i]
        if src is None:
            failures.append(f"source {i} ({exp.get('lab')}) missing")
            ang.append(180.0)
            continue
        e, d, m = _check_source(exp, src, case, failures)
        ang.append(e)
        dist.extend(d)
        mot.extend(m)
    return CaseResult(case, not failures, tuple(failures), tuple(ang), tuple(dist), tuple(mot))


def summarize(results: Sequence[CaseResult]) -> Summary:
    """Accuracy and error statistics over scored cases."""
    ang = np.array([e for r in results for e in r.angular_errors_deg]) if results else np.zeros(0)
    dist = np.array([e for r in results for e in r.distance_errors_ln])
    mot = [m for r in results for m in r.motion_checks]
    multi = [r for r in results if r.case.get("cat") == "multi"]
    unplaced_cases = [r for r in results if not r.case.get("placed", True)]
    cats: dict[str, tuple[int, int]] = {}
    for r in results:
        c = r.case.get("cat", "?")
        ok, n = cats.get(c, (0, 0))
        cats[c] = (ok + int(r.passed), n + 1)

    def pct(a: np.ndarray, q: float) -> float:
        return float(np.percentile(a, q)) if a.size else float("nan")

    placed_results = [r for r in results if r.case.get("placed", True)]
    within = [
        all(e <= float(r.case.get("tol", DEFAULT_TOLERANCE_DEG)) for e in r.angular_errors_deg)
        and not any(f.startswith(("direction", "placed=", "source")) for f in r.failures)
        for r in placed_results
    ]
    return Summary(
        n_cases=len(results),
        accuracy=float(np.mean([r.passed for r in results])) if results else float("nan"),
        direction_accuracy=float(np.mean(within)) if within else float("nan"),
        median_angular_error_deg=pct(ang, 50),
        p90_angular_error_deg=pct(ang, 90),
        mean_angular_error_deg=float(ang.mean()) if ang.size else float("nan"),
        median_distance_error_ln=pct(dist, 50),
        p90_distance_error_ln=pct(dist, 90),
        motion_accuracy=float(np.mean(mot)) if mot else float("nan"),
        n_motion=len(mot),
        multi_source_accuracy=float(np.mean([r.passed for r in multi])) if multi else float("nan"),
        n_multi=len(multi),
        unplaced_accuracy=float(np.mean([r.passed for r in unplaced_cases]))
        if unplaced_cases
        else float("nan"),
        n_unplaced=len(unplaced_cases),
        per_category=cats,
    )


def evaluate(
    cases: Iterable[dict], placements: Iterable[Placement]
) -> tuple[list[CaseResult], Summary]:
    """Score ``placements`` (parsed from ``cases`` in order) and summarise."""
    results = [score_case(c, p) for c, p in zip(cases, placements, strict=True)]
    return results, summarize(results)


#: Confidence bands (lower edges) for :func:`calibration`; the last band ends at 1.
CONFIDENCE_BANDS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95)


@dataclass(frozen=True)
class CalibrationBand:
    """Cases whose placement confidence lies in ``[low, high)`` and the share that passed."""

    low: float
    high: float
    n_cases: int
    accuracy: float


def calibration(
    results: Sequence[CaseResult],
    placements: Sequence[Placement],
    bands: Sequence[float] = CONFIDENCE_BANDS,
) -> list[CalibrationBand]:
    """Accuracy per confidence band (a calibrated parser is right about as often as it
    says). Only cases that expect a position count: an unplaced prompt has no confidence."""
    edges = [*bands, 1.0 + 1e-9]
    out = []
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = [
            r.passed
            for r, p in zip(results, placements, strict=True)
            if r.case.get("placed", True) and low <= p.confidence < high
        ]
        out.append(
            CalibrationBand(
                low, min(high, 1.0), len(inside), float(np.mean(inside)) if inside else float("nan")
            )
        )
    return out
