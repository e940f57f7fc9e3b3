"""Prompt-understanding benchmark: accuracy of ``engine.prompt.parse`` on the hand-written
test set, and parse throughput.

Usage::

    .venv/bin/python bench/prompt_accuracy.py            # summary
    .venv/bin/python bench/prompt_accuracy.py --failures # also list every failing case
    .venv/bin/python bench/prompt_accuracy.py --no-embedding  # grammar only
    .venv/bin/python bench/prompt_accuracy.py --all       # plus one line per test set

Angular error is acos(u_pred . u_true) in degrees over unit direction vectors, median and
mean (text2hoa's metric: 33-35 deg median in-distribution, 33.2 / 85 deg on its
out-of-distribution sets), printed next to the share within tolerance. Calibration: the
share of cases passed per confidence band (with ``--all``: over every set together).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.prompt import parse_many  # noqa: E402
from engine.prompt.direction import read_direction  # noqa: E402
from engine.prompt.evaluation import calibration, evaluate, load_cases  # noqa: E402

DEFAULT_SET = ROOT / "tests" / "data" / "prompts" / "prompts.jsonl"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", type=Path, default=DEFAULT_SET)
    ap.add_argument("--failures", action="store_true", help="list failing cases")
    ap.add_argument("--no-embedding", action="store_true", help="grammar only (no MiniLM fallback)")
    ap.add_argument(
        "--repeat", type=int, default=5, help="passes over the set for the throughput figure"
    )
    ap.add_argument("--all", action="store_true", help="also print one summary line per test set")
    args = ap.parse_args(argv)
    args.repeat = max(1, args.repeat)

    cases = load_cases(args.cases)
    texts = [c["t"] for c in cases]
    use_embedding = not args.no_embedding
    t0 = time.perf_counter()
    placements = parse_many(texts, use_embedding=use_embedding)
    first_s = time.perf_counter() - t0
    warm_s = 0.0
    for _ in range(args.repeat):
        read_direction.cache_clear()  # time fresh prompts, not cache hits
        t0 = time.perf_counter()
        parse_many(texts, use_embedding=use_embedding)
        warm_s += (time.perf_counter() - t0) / args.repeat

    results, s = evaluate(cases, placements)
    if args.failures:
        for r in results:
            if not r.passed:
                print(f"FAIL [{r.case.get('cat')}] {r.case['t']!r}")
                for f in r.failures:
                    print(f"      {f}")
        print()
    print(
        f"test set: {args.cases.relative_to(ROOT) if args.cases.is_relative_to(ROOT) else args.cases} ({s.n_cases} prompts)"
    )
    print(
        f"accuracy (all checks): {s.accuracy:.1%}; direction within tolerance: {s.direction_accuracy:.1%};"
        f" angular error over unit vectors (text2hoa's"
        f" metric, deg): median {s.median_angular_error_deg:.2f}, mean {s.mean_angular_error_deg:.2f},"
        f" p90 {s.p90_angular_error_deg:.2f}"
    )
    print(
        f"distance error |ln(pred/true)|: median {s.median_distance_error_ln:.3f}, p90 {s.p90_distance_error_ln:.3f}"
        f" (x{math.exp(s.median_distance_error_ln):.2f} / x{math.exp(s.p90_distance_error_ln):.2f})"
    )
    print(f"motion accuracy: {s.motion_accuracy:.1%} of {s.n_motion} moving sources")
    print(f"multi-source prompts: {s.multi_source_accuracy:.1%} of {s.n_multi}")
    print(f"no-position prompts left unplaced: {s.unplaced_accuracy:.1%} of {s.n_unplaced}")
    print(
        "per category: "
        + ", ".join(f"{c} {ok}/{n}" for c, (ok, n) in sorted(s.per_category.items()))
    )
    print(
        f"throughput: {len(texts) / warm_s:.0f} prompts/s after start-up ({warm_s * 1000:.0f} ms per pass of {len(texts)});"
        f" first pass incl. start-up {first_s:.2f} s"
    )
    _print_calibration(calibration(results, placements), "this set")
    if args.all:
        print()
        print(
            "set               all-checks  direction  median   mean    p90  motion  unplaced-ok    n"
        )
        all_results, all_placements = [], []
        for path in sorted(DEFAULT_SET.parent.glob("*.jsonl")):
            set_cases = load_cases(path)
            placed = parse_many([c["t"] for c in set_cases], use_embedding=use_embedding)
            set_results, t = evaluate(set_cases, placed)
            all_results += set_results
            all_placements += placed
            print(
                f"{path.stem:17} {t.accuracy:9.1%}  {t.direction_accuracy:9.1%}  {t.median_angular_error_deg:5.2f}  {t.mean_angular_error_deg:5.2f}"
                f"  {t.p90_angular_error_deg:5.2f}  {t.motion_accuracy:6.1%}  {t.unplaced_accuracy:10.1%}  {t.n_cases:4d}"
            )
        _print_calibration(calibration(all_results, all_placements), "all sets")
    return 0


def _print_calibration(bands, what: str) -> None:
    print(f"calibration ({what}; placed cases): confidence band -> share passed")
    for b in bands:
        acc = "   -" if b.n_cases == 0 else f"{b.accuracy:6.1%}"
        print(
            f"  [{b.low:.2f}, {b.high:.2f}{']' if b.high >= 1.0 else ')'}  {acc}  of {b.n_cases:4d}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
