#!/usr/bin/env python3
"""Fetch and prepare the neural engine's training sounds from the allowed Debian packages.

Sources (issue 5, "Data"; see ../shared/research/DATA.md):
    0ad-data                 game sound effects (only ``audio/`` inside public.zip, no music)
    tuxpaint-stamps-default  animal calls, household sounds, instruments, read speech
    klettres-data            letters and syllables read aloud (speech)
    ktuberling-data          words read aloud (speech)
    fluid-soundfont-gm       instrument notes rendered one by one with ``fluidsynth``
    espeak-ng                formant speech (22.05 kHz: dropped by the >= 44.1 kHz gate)

Every clip is gated on its native sample rate (>= 44.1 kHz) and length (>= 0.3 s),
deduplicated by content hash, downmixed to mono, resampled to 48 kHz and written as
FLAC under ``data/clips/``. ``data/manifest.jsonl`` holds one row per clip: id, category,
package, version, member path, licence, duration, native rate, split. 10% of the source
files of every category are held out for validation (split ``val``), chosen by hash so
the split is stable.

Usage::

    .venv/bin/python scripts/prepare_training_data.py                 # everything
    .venv/bin/python scripts/prepare_training_data.py --max-per-category 40   # a subset

Needs ``apt-get`` (download only, no install) and ``fluidsynth`` for the instrument notes.
Nothing here runs in the tests; no audio goes into git (``data/`` is git-ignored).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import logging
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

log = logging.getLogger("prepare_training_data")

TARGET_RATE_HZ = 48_000
MIN_RATE_HZ = 44_100
MIN_DURATION_S = 0.3
MAX_DURATION_S = 12.0  # longer clips are cut: training windows are ~1-2 s
VAL_FRACTION = 0.10

PACKAGES = {
    "0ad-data": "CC-BY-SA-3.0",
    "tuxpaint-stamps-default": "GPL-2",
    "klettres-data": "GPL-2+",
    "ktuberling-data": "GPL-2+",
    "fluid-soundfont-gm": "MIT",
    "espeak-ng": "GPL-3",
}

# 0ad path keywords -> category (first match wins; checked against the lower-cased path).
ZERO_AD_KEYWORDS = [
    ("audio/music", None),
    ("singlestep", "footsteps"),
    ("lumbering", "wood chopping"),
    ("foraging", "foraging"),
    ("gathering", "pickaxe"),
    ("mounted", "horse"),
    ("/ship", "ship"),
    ("dayscape", "birdsong"),
    ("weapon", "sword"),
    ("destruction", "collapse"),
    ("interface", None),
    ("/ui", None),
    ("magic", None),
    ("cattle", "cow"),
    ("cow", "cow"),
    ("chicken", "chicken"),
    ("elephant", "elephant"),
    ("horse", "horse"),
    ("lion", "lion"),
    ("peacock", "peacock"),
    ("pig", "pig"),
    ("sheep", "sheep"),
    ("goat", "goat"),
    ("camel", "camel"),
    ("flamingo", "flamingo"),
    ("wolf", "wolf"),
    ("bear", "bear"),
    ("dog", "dog"),
    ("deer", "deer"),
    ("bird", "bird"),
    ("footstep", "footsteps"),
    ("walk", "footsteps"),
    ("rain", "rain"),
    ("thunder", "thunder"),
    ("wind", "wind"),
    ("river", "river"),
    ("waterfall", "waterfall"),
    ("wave", "waves"),
    ("fire", "fire"),
    ("sword", "sword"),
    ("arrow", "arrow"),
    ("bow", "arrow"),
    ("spear", "spear"),
    ("siege", "catapult"),
    ("catapult", "catapult"),
    ("ram", "battering ram"),
    ("impact", "impact"),
    ("chop", "wood chopping"),
    ("wood", "wood chopping"),
    ("mine", "pickaxe"),
    ("stone", "pickaxe"),
    ("metal", "pickaxe"),
    ("construct", "hammering"),
    ("build", "hammering"),
    ("farm", "farming"),
    ("grain", "farming"),
    ("market", "market crowd"),
    ("port", "harbour"),
    ("voice", "voice"),
    ("death", "scream"),
    ("cry", "shout"),
]
# GM programs (0-based) rendered note by note; 128 = drum kit on channel 10.
GM_PROGRAMS = {
    0: "piano",
    6: "harpsichord",
    19: "organ",
    24: "guitar",
    32: "bass guitar",
    40: "violin",
    42: "cello",
    46: "harp",
    56: "trumpet",
    57: "trombone",
    60: "french horn",
    65: "saxophone",
    71: "clarinet",
    73: "flute",
    128: "drums",
}
GM_NOTES = (40, 45, 52, 57, 60, 64, 67, 72, 76, 81)
GM_DRUM_NOTES = (35, 36, 38, 40, 42, 46, 49, 51, 45, 50)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    log.debug("$ %s", " ".join(cmd))
    return subprocess.run(cmd, check=True, **kw)


def download(package: str, debs: Path) -> Path:
    found = sorted(debs.glob(f"{package}_*.deb"))
    if not found:
        run(["apt-get", "download", package], cwd=debs)
        found = sorted(debs.glob(f"{package}_*.deb"))
    return found[-1]


def deb_version(deb: Path) -> str:
    return subprocess.run(
        ["dpkg-deb", "-f", str(deb), "Version"], check=True, capture_output=True, text=True
    ).stdout.strip()


def extract(deb: Path, dest: Path) -> Path:
    if not dest.exists() or not any(dest.iterdir()):
        dest.mkdir(parents=True, exist_ok=True)
        run(["dpkg", "-x", str(deb), str(dest)])
    return dest


def to_mono_48k(audio: np.ndarray, rate_hz: int) -> np.ndarray:
    if audio.ndim == 2:
        audio = audio.mean(axis=1)
    audio = audio.astype(np.float64)
    if rate_hz != TARGET_RATE_HZ:
        g = np.gcd(rate_hz, TARGET_RATE_HZ)
        audio = resample_poly(audio, TARGET_RATE_HZ // g, rate_hz // g)
    return audio.astype(np.float32)


def trim_silence(audio: np.ndarray, threshold_db: float = -50.0) -> np.ndarray:
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak <= 0:
        return audio[:0]
    loud = np.flatnonzero(np.abs(audio) > peak * 10 ** (threshold_db / 20))
    return audio[loud[0] : loud[-1] + 1]


class Writer:
    """Gates, deduplicates, converts and records clips."""

    def __init__(self, out: Path, max_per_category: int | None) -> None:
        self.out = out
        self.clips = out / "clips"
        self.clips.mkdir(parents=True, exist_ok=True)
        self.rows: list[dict] = []
        self.seen: set[str] = set()
        self.per_category: dict[str, int] = defaultdict(int)
        self.max_per_category = max_per_category
        self.dropped: dict[str, int] = defaultdict(int)

    def full(self, category: str) -> bool:
        return (
            self.max_per_category is not None
            and self.per_category[category] >= self.max_per_category
        )

    def add(
        self,
        data: bytes,
        *,
        category: str,
        package: str,
        version: str,
        member: str,
        licence: str | None = None,
    ) -> None:
        """``licence`` defaults to the package's (``PACKAGES``)."""
        if self.full(category):
            return
        digest = hashlib.sha1(data).hexdigest()
        if digest in self.seen:
            self.dropped["duplicate"] += 1
            return
        self.seen.add(digest)
        try:
            audio, rate_hz = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
        except Exception:  # noqa: BLE001 - unreadable member: skip it, count it
            self.dropped["unreadable"] += 1
            return
        if rate_hz < MIN_RATE_HZ:
            self.dropped["rate<44.1k"] += 1
            return
        mono = trim_silence(to_mono_48k(audio, rate_hz))
        if mono.size < MIN_DURATION_S * TARGET_RATE_HZ:
            self.dropped["short"] += 1
            return
        mono = mono[: int(MAX_DURATION_S * TARGET_RATE_HZ)]
        mono = (mono / max(float(np.max(np.abs(mono))), 1e-9) * 0.9).astype(np.float32)
        path = self.clips / f"{digest[:16]}.flac"
        sf.write(path, mono, TARGET_RATE_HZ, subtype="PCM_16")
        self.per_category[category] += 1
        self.rows.append(
            {
                "id": digest[:16],
                "category": category,
                "package": package,
                "version": version,
                "member": member,
                "licence": licence or PACKAGES[package],
                "path": str(path.relative_to(self.out)),
                "duration_s": round(mono.size / TARGET_RATE_HZ, 3),
                "native_rate_hz": int(rate_hz),
                "channels": int(audio.shape[1]),
            }
        )

    def finish(
        self, manifest_name: str = "manifest.jsonl", heldout: frozenset[str] = frozenset()
    ) -> None:
        """Split (10% ``val`` per category; every clip of a ``heldout`` category gets split
        ``heldout``) and write the manifest."""
        by_cat: dict[str, list[dict]] = defaultdict(list)
        for row in self.rows:
            by_cat[row["category"]].append(row)
        for rows in by_cat.values():
            rows.sort(key=lambda r: r["id"])
            n_val = int(round(VAL_FRACTION * len(rows))) if len(rows) >= 5 else 0
            # stable choice: every k-th clip by id order, stratified within the category
            val_ids = (
                {rows[i]["id"] for i in np.linspace(0, len(rows) - 1, n_val).astype(int)}
                if n_val
                else set()
            )
            for r in rows:
                r["split"] = (
                    "heldout"
                    if r["category"] in heldout
                    else "val"
                    if r["id"] in val_ids
                    else "train"
                )
        with open(self.out / manifest_name, "w") as fh:
            for row in sorted(self.rows, key=lambda r: (r["category"], r["id"])):
                fh.write(json.dumps(row) + "\n")


def zero_ad(writer: Writer, debs: Path, work: Path) -> None:
    deb = download("0ad-data", debs)
    version = deb_version(deb)
    zpath = work / "0ad/usr/share/games/0ad/mods/public/public.zip"
    if not zpath.exists():
        (work / "0ad").mkdir(parents=True, exist_ok=True)
        tar = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
        run(
            ["tar", "-x", "-C", str(work / "0ad"), "./usr/share/games/0ad/mods/public/public.zip"],
            stdin=tar.stdout,
        )
        tar.wait()
    with zipfile.ZipFile(zpath) as zf:
        members = [
            m for m in zf.namelist() if m.startswith("audio/") and m.endswith((".ogg", ".wav"))
        ]
        for member in sorted(members):
            low = member.lower()
            category = next((c for k, c in ZERO_AD_KEYWORDS if k in low), "")
            if category is None or category == "":
                continue
            if writer.full(category):
                continue
            writer.add(
                zf.read(member),
                category=category,
                package="0ad-data",
                version=version,
                member=member,
            )


def tuxpaint(writer: Writer, debs: Path, work: Path, max_speech_per_stamp: int = 2) -> None:
    deb = download("tuxpaint-stamps-default", debs)
    version = deb_version(deb)
    root = extract(deb, work / "tuxpaint-stamps-default")
    speech_count: dict[str, int] = defaultdict(int)
    for path in sorted(root.rglob("*.ogg")):
        rel = str(path.relative_to(root))
        stem = path.stem
        if "_desc" in stem:
            base = stem.split("_desc")[0]
            if speech_count[base] >= max_speech_per_stamp:
                continue
            speech_count[base] += 1
            category = "voice"
        elif "/symbols/" in rel:
            category = "voice"
        else:
            category = (
                re.sub(r"[-_]?\d+$", "", stem).replace("_", " ").replace("-", " ").lower().strip()
            )
        writer.add(
            path.read_bytes(),
            category=category,
            package="tuxpaint-stamps-default",
            version=version,
            member=rel,
        )


def kde_speech(writer: Writer, debs: Path, work: Path) -> None:
    for package in ("klettres-data", "ktuberling-data"):
        deb = download(package, debs)
        version = deb_version(deb)
        root = extract(deb, work / package)
        for path in sorted(root.rglob("*.ogg")):
            if writer.full("voice"):
                break
            writer.add(
                path.read_bytes(),
                category="voice",
                package=package,
                version=version,
                member=str(path.relative_to(root)),
            )


def one_note_midi(program: int, note: int, velocity: int = 100, seconds: float = 1.5) -> bytes:
    """A type-0 MIDI file playing one note (drums: channel 10)."""
    channel = 9 if program == 128 else 0
    ticks = int(480 * seconds * 2)  # tempo 120 bpm: 480 ticks per beat, 2 beats per second

    def vlq(value: int) -> bytes:
        out = [value & 0x7F]
        value >>= 7
        while value:
            out.insert(0, (value & 0x7F) | 0x80)
            value >>= 7
        return bytes(out)

    events = b""
    if program != 128:
        events += b"\x00" + bytes([0xC0 | channel, program])
    events += b"\x00" + bytes([0x90 | channel, note, velocity])
    events += vlq(ticks) + bytes([0x80 | channel, note, 0])
    events += b"\x00\xff\x2f\x00"
    header = (
        b"MThd"
        + (6).to_bytes(4, "big")
        + (0).to_bytes(2, "big")
        + (1).to_bytes(2, "big")
        + (480).to_bytes(2, "big")
    )
    return header + b"MTrk" + len(events).to_bytes(4, "big") + events


def fluid(writer: Writer, debs: Path, work: Path) -> None:
    deb = download("fluid-soundfont-gm", debs)
    version = deb_version(deb)
    root = extract(deb, work / "fluid-soundfont-gm")
    sf2 = next(root.rglob("FluidR3_GM.sf2"))
    with tempfile.TemporaryDirectory() as tmp:
        for program, name in GM_PROGRAMS.items():
            notes = GM_DRUM_NOTES if program == 128 else GM_NOTES
            for note in notes:
                mid = Path(tmp) / "note.mid"
                wav = Path(tmp) / "note.wav"
                mid.write_bytes(one_note_midi(program, note))
                run(
                    [
                        "fluidsynth",
                        "-ni",
                        "-q",
                        "-R",
                        "0",
                        "-C",
                        "0",
                        "-g",
                        "0.8",
                        "-r",
                        "48000",
                        "-F",
                        str(wav),
                        str(sf2),
                        str(mid),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                writer.add(
                    wav.read_bytes(),
                    category=name,
                    package="fluid-soundfont-gm",
                    version=version,
                    member=f"FluidR3_GM.sf2 program {program} note {note}",
                )


def espeak(writer: Writer) -> None:
    """espeak-ng renders at 22.05 kHz, so the rate gate drops it; kept for completeness."""
    version = subprocess.run(
        ["espeak-ng", "--version"], capture_output=True, text=True
    ).stdout.split()[3]
    with tempfile.TemporaryDirectory() as tmp:
        for i, text in enumerate(
            ["hello there, can you hear me", "the quick brown fox jumps over the lazy dog"]
        ):
            wav = Path(tmp) / "s.wav"
            run(["espeak-ng", "-w", str(wav), text])
            writer.add(
                wav.read_bytes(),
                category="voice",
                package="espeak-ng",
                version=version,
                member=f"espeak-ng text {i}",
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("data"), help="output folder (git-ignored)")
    ap.add_argument(
        "--max-per-category", type=int, default=None, help="cap clips per category (a subset)"
    )
    ap.add_argument(
        "--skip", nargs="*", default=[], choices=["0ad", "tuxpaint", "kde", "fluid", "espeak"]
    )
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    debs = args.out / "debs"
    work = args.out / "extract"
    debs.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    writer = Writer(args.out, args.max_per_category)
    steps = [("fluid", fluid), ("tuxpaint", tuxpaint), ("kde", kde_speech), ("0ad", zero_ad)]
    for name, step in steps:
        if name in args.skip:
            continue
        log.info("preparing %s", name)
        step(writer, debs, work)
        log.info("%d clips so far", len(writer.rows))
    if "espeak" not in args.skip:
        espeak(writer)
    writer.finish()
    counts = defaultdict(int)
    for row in writer.rows:
        counts[row["category"]] += 1
    log.info(
        "%d clips, %d categories, dropped %s", len(writer.rows), len(counts), dict(writer.dropped)
    )
    log.info("per category: %s", dict(sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
