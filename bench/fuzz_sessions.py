"""Fuzz the two ways untrusted text gets into Earspace: session files and prompts.

Usage::

    nice .venv/bin/python bench/fuzz_sessions.py                    # 10,000 + 10,000
    nice .venv/bin/python bench/fuzz_sessions.py --sessions 500 --prompts 500 --seed 3

Sessions: valid sessions with a random field replaced by a random value (wrong types,
NaN/1e308, huge lists, deep nesting, very long or broken Unicode text, audio paths that
are devices, FIFOs, folders, symlink loops, ``..`` and absolute paths), random JSON
documents and truncated/garbled bytes. Each is loaded with ``load_session``; what loads
is saved and loaded again and its audio read with ``read_mono``. Prompts: random word
salads of spatial vocabulary, numbers, Unicode and very long inputs, parsed by the
grammar one at a time and by the MiniLM fallback in batches.

Pass: no exception other than Earspace's own (``EngineError``), no single case over
``--hang-s`` seconds. Prints counts, the slowest case and the peak memory (max RSS).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from engine.audio_io import read_mono  # noqa: E402
from engine.errors import EngineError  # noqa: E402
from engine.session import load_session, save_session  # noqa: E402


class Hang(Exception):
    pass


def _alarm(_signum, _frame):
    raise Hang()


# ----------------------------------------------------------------------------- values


def _text(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randrange(40)))
    if kind == 1:
        return "x" * rng.choice([10_000, 100_001, 1_000_000])
    if kind == 2:
        return rng.choice(["\ud800", "a\x00b", "\x07", "🎧 ü ש 声", "", " ", "../" * 50])
    if kind == 3:
        return rng.choice(["anechoic", "cathedral", "physical", "neural", "auto", "left"])
    return "".join(rng.choice("abc ./-_0123456789") for _ in range(rng.randrange(20)))


def _number(rng: random.Random) -> float | int:
    return rng.choice(
        [
            float("nan"),
            float("inf"),
            -float("inf"),
            1e308,
            -1e308,
            1e-320,
            0,
            -1,
            0.5,
            2**63,
            10**40,
            48000,
            rng.uniform(-1e3, 1e3),
            rng.randrange(-10, 10),
        ]
    )


def _value(rng: random.Random, depth: int = 0):
    kind = rng.randrange(10 if depth < 4 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind in (2, 3):
        return _number(rng)
    if kind in (4, 5):
        return _text(rng)
    if kind == 6:
        return [_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    if kind == 7:
        return {_text(rng)[:10]: _value(rng, depth + 1) for _ in range(rng.randrange(4))}
    if kind == 8:  # deep nesting
        v: object = 1
        for _ in range(rng.choice([10, 40, 200, 400])):
            v = [v]
        return v
    return [{"start_s": i, "end_s": i + 0.5} for i in range(rng.choice([100, 30_000]))]


def _valid(source: str) -> dict:
    region = {
        "start_s": 0.0,
        "end_s": 0.5,
        "prompt": "on the left",
        "keyframes": [{"t": 0.0, "azimuth_deg": 90.0, "elevation_deg": 0.0, "distance_m": 1.4}],
        "room": None,
    }
    slot = {"path": "/usr/lib/vst3/DragonflyHallReverb.vst3", "name": "", "bypass": False}
    return {
        "schema_version": 1,
        "sample_rate_hz": 48000,
        "hrtf": None,
        "room": "anechoic",
        "master_chain": [slot],
        "tracks": [
            {
                "name": "Voice",
                "source": source,
                "gain_db": 0.0,
                "mute": False,
                "solo": False,
                "engine": "physical",
                "regions": [region, {**region, "start_s": 1.0, "end_s": 2.0}],
                "insert_chain": [],
            }
        ],
    }


def _paths(d: Path) -> list[object]:
    return [
        "voice.wav",
        "../voice.wav",
        str(d / "voice.wav"),
        "/dev/zero",
        "/dev/urandom",
        str(d / "fifo.wav"),
        str(d / "folder.wav"),
        str(d / "loop.wav"),
        "/etc/passwd",
        "/nonexistent/x.wav",
        "",
    ]


def _leaves(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, (*prefix, i))


def _mutant(rng: random.Random, old, key, d: Path):
    """A new value for a field: often of the same type (so more sessions load), else any."""
    if key in ("source", "hrtf", "path"):
        return rng.choice(_paths(d))
    if rng.random() < 0.5:
        if isinstance(old, bool):
            return not old
        if isinstance(old, int | float):
            return _number(rng)
        if isinstance(old, str):
            return _text(rng)
    return _value(rng)


def _session_text(rng: random.Random, d: Path) -> bytes:
    kind = rng.randrange(10)
    data = _valid(rng.choice(_paths(d)))
    if kind <= 6:
        for _ in range(rng.randrange(1, 4)):
            where = rng.choice([p for p in _leaves(data) if p])
            node = data
            try:
                for k in where[:-1]:
                    node = node[k]
                node[where[-1]] = _mutant(rng, node[where[-1]], where[-1], d)
            except (KeyError, IndexError, TypeError):
                pass
    elif kind == 7:
        data = _value(rng)
    text = json.dumps(data, allow_nan=True, ensure_ascii=rng.random() < 0.5).encode(
        "utf-8", "surrogatepass"
    )
    if kind == 8:  # truncated or garbled
        cut = rng.randrange(len(text) + 1)
        text = text[:cut] + bytes(rng.randrange(256) for _ in range(rng.randrange(8)))
    if kind == 9:
        text = "[" * rng.choice([1000, 100_000]) + "]" * rng.randrange(3)
        text = text.encode()
    return text


# ----------------------------------------------------------------------------- prompts

_WORDS = (
    "a the dog car bird left right behind front above below over under around circling "
    "passes from to then and at second seconds s ms metres meters m km far close near "
    "whispering into my ear o'clock degrees deg clockwise counterclockwise spiral towards "
    "away approaching receding slowly quickly not no actually wait 3 12 90 -45 1e308 nan "
    "inf 0.5 half quarter twice gauche droite derrière links rechts izquierda derecha "
    "cathedral bathroom hall outdoors room small large , . ; ! ? ( ) - /"
).split()


def _prompt(rng: random.Random) -> str:
    kind = rng.randrange(6)
    if kind <= 2:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.randrange(1, 30)))
    if kind == 3:
        return "".join(chr(rng.randrange(0x20, 0x30FF)) for _ in range(rng.randrange(80)))
    if kind == 4:
        return " ".join(rng.choice(_WORDS) for _ in range(rng.choice([300, 1000])))
    return rng.choice(["9" * 5000, "left " * 2000, "from " * 500 + "left", "", " " * 100])


# ----------------------------------------------------------------------------- runner


def _guarded(fn, hang_s: float):
    """``(seconds, error type name or None)``; ``Hang`` past ``hang_s``."""
    signal.setitimer(signal.ITIMER_REAL, hang_s)
    start = time.perf_counter()
    try:
        fn()
        return time.perf_counter() - start, None
    except Hang:
        return time.perf_counter() - start, "HANG"
    except EngineError as exc:
        return time.perf_counter() - start, f"ok:{type(exc).__name__}"
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer looks for
        return time.perf_counter() - start, f"CRASH:{type(exc).__name__}: {exc}"[:300] + (
            "\n" + traceback.format_exc(limit=4)
        )
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def fuzz_sessions(n: int, rng: random.Random, hang_s: float) -> tuple[Counter, list, float, str]:
    import numpy as np
    import soundfile as sf

    outcomes: Counter = Counter()
    bad: list[str] = []
    slowest, slowest_case = 0.0, ""
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        sf.write(d / "voice.wav", np.zeros(4800, np.float32), 48_000)
        os.mkfifo(d / "fifo.wav")
        (d / "folder.wav").mkdir()
        (d / "loop.wav").symlink_to(d / "loop.wav")
        sub = d / "sessions"
        sub.mkdir()
        for i in range(n):
            blob = _session_text(rng, d)
            path = sub / f"s{i % 50}.earspace"
            path.write_bytes(blob)

            def case(path=path):
                session = load_session(path)
                again = save_session(session, sub / "again.earspace")
                load_session(sub / "again.earspace")
                for t in again.tracks:
                    try:
                        read_mono(again.audio_path(t), again.sample_rate_hz)
                    except EngineError:
                        pass

            seconds, outcome = _guarded(case, hang_s)
            if seconds > slowest:
                slowest, slowest_case = seconds, blob[:120].decode("utf-8", "replace")
            key = "loaded" if outcome is None else outcome.split("\n")[0][:60]
            outcomes[key if not key.startswith("CRASH") else "CRASH"] += 1
            if outcome and (outcome.startswith("CRASH") or outcome == "HANG"):
                bad.append(f"{outcome}\n  input: {blob[:200]!r}")
    return outcomes, bad, slowest, slowest_case


def fuzz_prompts(
    n: int, rng: random.Random, hang_s: float, batch: int
) -> tuple[Counter, list, float, str]:
    from engine.prompt import parse, parse_many

    prompts = [_prompt(rng) for _ in range(n)]
    outcomes: Counter = Counter()
    bad: list[str] = []
    slowest, slowest_case = 0.0, ""
    for text in prompts:
        seconds, outcome = _guarded(lambda t=text: parse(t, use_embedding=False), hang_s)
        if seconds > slowest:
            slowest, slowest_case = seconds, text[:80]
        outcomes["grammar " + ("ok" if outcome is None else outcome.split(":")[0])] += 1
        if outcome and not outcome.startswith("ok"):
            bad.append(f"grammar {outcome}\n  prompt: {text[:200]!r}")
    for k in range(0, n, batch):
        chunk = prompts[k : k + batch]
        seconds, outcome = _guarded(lambda c=chunk: parse_many(c), hang_s * 6)
        outcomes["fallback batch " + ("ok" if outcome is None else outcome.split(":")[0])] += 1
        if outcome and not outcome.startswith("ok"):
            bad.append(f"fallback batch {k // batch}: {outcome}")
    return outcomes, bad, slowest, slowest_case


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=10_000)
    ap.add_argument("--prompts", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--hang-s", type=float, default=10.0, help="a case slower than this hangs")
    ap.add_argument("--batch", type=int, default=256, help="prompts per fallback batch")
    args = ap.parse_args(argv)
    # Load the lazily imported libraries (torch, the MiniLM fallback that migrating old
    # sessions may use) before the clock runs: a one-time model load is not a hang, and
    # interrupting an import half-way would poison every later case.
    from engine.prompt import parse_many

    parse_many(["the sound comes from the starboard side of the ship"])
    signal.signal(signal.SIGALRM, _alarm)
    rng = random.Random(args.seed)
    failures: list[str] = []
    rows = []
    if args.sessions:
        t0 = time.perf_counter()
        outcomes, bad, slowest, case = fuzz_sessions(args.sessions, rng, args.hang_s)
        rows.append(("sessions", args.sessions, time.perf_counter() - t0, slowest, case))
        failures += bad
        print("session outcomes:")
        for k, v in outcomes.most_common():
            print(f"  {v:6d}  {k}")
    if args.prompts:
        t0 = time.perf_counter()
        outcomes, bad, slowest, case = fuzz_prompts(args.prompts, rng, args.hang_s, args.batch)
        rows.append(("prompts", args.prompts, time.perf_counter() - t0, slowest, case))
        failures += bad
        print("prompt outcomes:")
        for k, v in outcomes.most_common():
            print(f"  {v:6d}  {k}")
    print()
    print("| input | cases | total s | slowest case s | slowest input |")
    print("|---|---|---|---|---|")
    for name, n, total, slowest, case in rows:
        print(f"| {name} | {n} | {total:.1f} | {slowest:.3f} | {case[:40]!r} |")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS): {peak_mb:.0f} MB")
    print(f"crashes + hangs: {len(failures)}")
    for f in failures[:20]:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
