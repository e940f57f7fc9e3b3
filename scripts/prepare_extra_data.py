#!/usr/bin/env python3
"""Prepare sounds from the extra Debian packages issue 10 allows, with per-file licences.

Packages read (the others of the allowed list hold no readable audio: openttd-opensfx
packs its sounds in a ``.cat`` archive, teeworlds-data uses WavPack, warzone2100-data and
trigger-rally-data keep theirs in zip archives of mostly 22 kHz speech; all skipped):
hydrogen-drumkits, lmms-common, supertuxkart-data, supertux-data, redeclipse-data,
freedroidrpg-data, extremetuxracer-data, pingus-data.

Every file's licence comes from the package's machine-readable ``debian/copyright``
(the last ``Files:`` stanza whose pattern matches the file, DEP-5 rules; patterns are
matched against every suffix of the installed path, and ``drumkits/X.h2drumkit`` covers
the folder ``drumkits/X/``). A file no stanza matches is skipped (licence unclear).
Names come from path keywords (``RULES``); files no rule names are skipped.

The categories listed in ``bench/heldout_categories.json`` (frozen before any tuning)
are held out whole: all their files get split ``heldout`` and no training loader reads
them. The rest get the usual 90/10 train/val split. Output: clips under ``data/clips``
and ``data/manifest_extra.jsonl`` (same columns as ``manifest.jsonl``)::

    .venv/bin/python scripts/prepare_extra_data.py --out data
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import logging
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from prepare_training_data import Writer, deb_version, download, extract  # noqa: E402

log = logging.getLogger("prepare_extra_data")
ROOT = Path(__file__).resolve().parents[1]
HELDOUT_FILE = ROOT / "bench" / "heldout_categories.json"
PACKAGES = (
    "hydrogen-drumkits",
    "lmms-common",
    "supertuxkart-data",
    "supertux-data",
    "redeclipse-data",
    "freedroidrpg-data",
    "extremetuxracer-data",
    "pingus-data",
)
AUDIO = (".ogg", ".wav", ".flac")
_DRUMS = [
    (r"kick|bassdrum|(^|[_/ -])bd[_ .0-9]|_k_|kik", "kick drum"),
    (r"snare|(^|[_/ -])sd[_ .0-9]|_sn_|rimshot", "snare drum"),
    (r"hat|(^|[_/ -])hh|chh|ohh", "hi-hat"),
    (r"crash|ride|cymbal|china|splash", "cymbal"),
    (r"conga|bongo", "conga"),
    (r"cowbell|_cb|(^|[_/ -])cb[_ .]", "cowbell"),
    (r"clap", "hand clap"),
    (r"shake", "shaker"),
    (r"tom|(^|[_/ -])t[12]_|(^|[_/ -])ft_", "tom-tom"),
]
# (package, regex on the lower-cased installed path) -> category; first match wins, None skips
RULES: list[tuple[str, str, str | None]] = [
    *[("hydrogen-drumkits", rx, cat) for rx, cat in _DRUMS],
    *[("lmms-common", r"samples/drums/.*(" + rx + ")", cat) for rx, cat in _DRUMS],
    ("lmms-common", r"samples/(basses|bassloops)/", "synth bass"),
    ("lmms-common", r"samples/stringsnpads/", "synth pad"),
    ("lmms-common", r"applause", "applause"),
    ("lmms-common", r"wind_chimes", "wind chimes"),
    ("lmms-common", r"explode", "explosion"),
    ("supertuxkart-data", r"/music/", None),
    ("supertuxkart-data", r"engine_(large|small)|car_revup|car_accel", "car engine"),
    ("supertuxkart-data", r"steamlocomotive", "steam train"),
    ("supertuxkart-data", r"jetengine", "jet engine"),
    ("supertuxkart-data", r"skid", "tyre skid"),
    ("supertuxkart-data", r"explosion|crash\d*\.|explode", "explosion"),
    ("supertuxkart-data", r"fireworks", "fireworks"),
    ("supertuxkart-data", r"/horn\.", "car horn"),
    ("supertuxkart-data", r"/clock\.", "clock ticking"),
    ("supertuxkart-data", r"static-radio", "radio static"),
    ("supertuxkart-data", r"anvil|metal_clang", "anvil"),
    ("supertuxkart-data", r"splash", "water splash"),
    ("supertux-data", r"/music/|/speech/", None),
    ("supertux-data", r"skid", "tyre skid"),
    ("supertux-data", r"explosion", "explosion"),
    ("supertux-data", r"fireworks|firecracker", "fireworks"),
    ("supertux-data", r"ticking", "clock ticking"),
    ("supertux-data", r"splash", "water splash"),
    ("supertux-data", r"/door\.", "door"),
    ("supertux-data", r"/coin|coins_", "coins"),
    ("supertux-data", r"icecrash|shatter|iceblock|cracking", "ice cracking"),
    ("redeclipse-data", r"/music/|/voice/|/announcer/|/interface/", None),
    ("redeclipse-data", r"crickets|cycadas", "crickets"),
    ("redeclipse-data", r"/machine\d*\.", "machinery hum"),
    ("redeclipse-data", r"lava", "lava rumble"),
    ("redeclipse-data", r"cavedrip", "dripping water"),
    ("redeclipse-data", r"weapons/(rifle|pistol|smg|shotgun)/", "gunshot"),
    ("redeclipse-data", r"weapons/(plasma|zapper)/", "laser zap"),
    ("redeclipse-data", r"weapons/flamer/", "flamethrower"),
    ("redeclipse-data", r"explode", "explosion"),
    ("redeclipse-data", r"splash|splosh", "water splash"),
    ("redeclipse-data", r"/alarm\.", "alarm"),
    ("redeclipse-data", r"/door\.", "door"),
    ("redeclipse-data", r"player/(pain|death)", "pain cry"),
    ("freedroidrpg-data", r"/music/", None),
    ("freedroidrpg-data", r"voice_samples/\d+\.", "robot voice"),
    ("freedroidrpg-data", r"glass_break", "glass breaking"),
    ("freedroidrpg-data", r"camera", "camera shutter"),
    ("freedroidrpg-data", r"laser|phaser|plasma|pulse", "laser zap"),
    ("extremetuxracer-data", r"_slide\.", "sledding"),
    ("pingus-data", r"splash", "water splash"),
]


def heldout_categories() -> frozenset[str]:
    return frozenset(json.loads(HELDOUT_FILE.read_text())["categories"])


def category_of(package: str, member: str) -> str | None:
    low = member.lower()
    for pkg, rx, cat in RULES:
        if pkg == package and re.search(rx, low):
            return cat
    return None


def copyright_stanzas(root: Path, package: str) -> list[tuple[list[str], str]]:
    """``(patterns, licence)`` of each ``Files:`` stanza of a DEP-5 copyright file."""
    path = root / "usr/share/doc" / package / "copyright"
    text = path.read_text(errors="replace") if path.exists() else ""
    if "Format:" not in text.split("\n\n")[0]:
        return []  # not machine-readable: every file's licence is unclear
    stanzas = []
    for block in re.split(r"\n\s*\n", text):
        fields: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += " " + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                key = key.strip().lower()
                fields[key] = value.strip()
        if "files" in fields and "license" in fields:
            licence = fields["license"].split(" ")[0] if fields["license"] else ""
            if licence:
                stanzas.append((fields["files"].split(), licence))
    return stanzas


def licence_of(stanzas: list[tuple[list[str], str]], member: str) -> str | None:
    """The licence of installed path ``member`` (last matching stanza wins), or None."""
    parts = member.split("/")
    suffixes = ["/".join(parts[i:]) for i in range(len(parts))]
    found = None
    for patterns, licence in stanzas:
        for pat in patterns:
            pat = pat.removesuffix(".h2drumkit") + "/*" if pat.endswith(".h2drumkit") else pat
            if pat == "*" or any(fnmatch.fnmatch(s, pat) for s in suffixes):
                found = licence
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path("data"))
    ap.add_argument("--max-per-category", type=int, default=None)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    debs, work = args.out / "debs", args.out / "extract"
    debs.mkdir(parents=True, exist_ok=True)
    writer = Writer(args.out, args.max_per_category)
    skipped: Counter[str] = Counter()
    for package in PACKAGES:
        deb = download(package, debs)
        version = deb_version(deb)
        root = extract(deb, work / package)
        stanzas = copyright_stanzas(root, package)
        for path in sorted(p for p in root.rglob("*") if p.suffix.lower() in AUDIO):
            member = str(path.relative_to(root))
            category = category_of(package, member)
            if category is None:
                skipped["no name"] += 1
                continue
            licence = licence_of(stanzas, member)
            if licence is None:
                skipped["licence unclear"] += 1
                continue
            writer.add(
                path.read_bytes(),
                category=category,
                package=package,
                version=version,
                member=member,
                licence=licence,
            )
        log.info("%s: %d clips so far", package, len(writer.rows))
    heldout = heldout_categories()
    writer.finish("manifest_extra.jsonl", heldout=heldout)
    counts = Counter(r["category"] for r in writer.rows)
    log.info(
        "%d clips, skipped %s, dropped %s", len(writer.rows), dict(skipped), dict(writer.dropped)
    )
    log.info("per category: %s", dict(sorted(counts.items())))
    missing = sorted(heldout - set(counts))
    if missing:
        log.warning("held-out categories without any clip: %s", missing)
    return 0


if __name__ == "__main__":
    sys.exit(main())
