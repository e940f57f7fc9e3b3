"""Caption vocabulary of source names: varied, never ambiguous, never leaking the
category-held-out split."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from engine.neural.training.names import (
    GROUPS,
    SYNONYMS,
    group_of,
    similar_categories,
    vary_name,
    vary_names,
)

HELDOUT = Path(__file__).resolve().parents[2] / "bench" / "heldout_categories.json"


def _vocabulary() -> set[str]:
    words = set(SYNONYMS) | {s for syn in SYNONYMS.values() for s in syn}
    for hyper, cats in GROUPS.values():
        words |= set(hyper) | set(cats)
    return words


def test_no_name_leaks_a_held_out_category():
    heldout = json.loads(HELDOUT.read_text())["categories"]
    for word in _vocabulary():
        for name in heldout:
            assert not re.search(rf"\b{re.escape(name)}\b", word), (word, name)


def test_names_vary_but_mostly_keep_the_sound():
    rng = np.random.default_rng(0)
    names = [vary_name(rng, "violin") for _ in range(300)]
    assert 0.2 < names.count("violin") / 300 < 0.5
    assert {"fiddle", "a bowed violin"} & set(names)
    assert any(n in GROUPS["instrument"][0] for n in names)  # sometimes the hypernym


def test_similar_sources_never_share_a_hypernym_or_a_name():
    rng = np.random.default_rng(1)
    for _ in range(300):
        names = vary_names(rng, ["violin", "cello"])
        assert len(set(names)) == 2
        assert not set(names) & set(GROUPS["instrument"][0])


def test_similar_categories_come_from_one_group():
    rng = np.random.default_rng(2)
    cats = similar_categories(rng, ["violin", "cello", "dog", "rain"], 2)
    assert cats is not None and group_of(cats[0]) == group_of(cats[1]) == "instrument"
    assert similar_categories(rng, ["violin", "dog"], 2) is None
