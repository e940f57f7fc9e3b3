"""Prompt-understanding benchmark: accuracy of ``engine.prompt.parse`` on the hand-written
test set, and parse throughput.

Usage::

    .venv/bin/python bench/prompt_accuracy.py            # summary
    .venv/bin/python bench/prompt_accuracy.py --failures # also list every failing case
    .venv/bin/python bench/prompt_accuracy.py --no-embedding  # grammar only
    .venv/bin/python bench/prompt_accuracy.py --all       # plus one line per test set

Angular error is acos(u_pred . u_true) in degrees (text2hoa's metric: 33-35 deg median
in-distribution, 85 deg out of distribution).
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
from engine.prompt.evaluation import evaluate, load_cases  # noqa: E402

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
    print(f"accuracy within tolerance: {s.accuracy:.1%}")
    print(
        f"angular error (deg): median {s.median_angular_error_deg:.2f}, p90 {s.p90_angular_error_deg:.2f}, mean {s.mean_angular_error_deg:.2f}"
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
    if args.all:
        print()
        print("set        accuracy  median  p90    mean   motion  unplaced-ok    n")
        for path in sorted(DEFAULT_SET.parent.glob("*.jsonl")):
            set_cases = load_cases(path)
            placed = parse_many([c["t"] for c in set_cases], use_embedding=use_embedding)
            _, t = evaluate(set_cases, placed)
            print(
                f"{path.stem:10} {t.accuracy:7.1%}  {t.median_angular_error_deg:5.2f}  {t.p90_angular_error_deg:5.2f}"
                f"  {t.mean_angular_error_deg:5.2f}  {t.motion_accuracy:6.1%}  {t.unplaced_accuracy:10.1%}  {t.n_cases:4d}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
