"""The MiniLM phrase-bank fallback: loaded lazily, places paraphrases of bank phrases,
never places plain sound names. Tests that load the model are marked ``model``."""

import dataclasses
import subprocess
import sys
import threading

import numpy as np
import pytest

from engine.prompt import parse, parse_many


def test_grammar_parses_do_not_import_the_model_libraries():
    code = (
        "import sys; from engine.prompt import parse; p = parse('a dog on the left'); "
        "print(p.placed, 'transformers' in sys.modules, 'torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "False", "False"]


@pytest.mark.model
def test_a_bank_paraphrase_is_placed_with_a_note_and_lower_confidence(minilm):
    p = parse("the sound comes from the starboard side of the ship")
    assert p.placed
    assert p.path.start.azimuth_deg == pytest.approx(-90.0)
    assert any("phrase-bank" in n for n in p.notes)
    assert p.confidence < parse("a bell on the right").confidence


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    ["a dog barking", "two women chatting", "cinematic whoosh", "a 1 kHz test tone", "bells"],
)
def test_sound_names_stay_unplaced_and_the_reason_names_the_nearest_phrase(minilm, text):
    p = parse(text)
    assert not p.placed
    assert "nearest known phrase" in p.reason


_PLAIN = (
    "a the dog cat rain thunder piano violin voice crowd 3 two barking singing loud soft warm "
    "metallic hum buzz click engine car train bird water wind footsteps gravel glass laughing "
    "kick snare old tiny huge and with of"
).split()


@pytest.mark.model
def test_text_without_spatial_words_is_not_placed_even_by_the_fallback(minilm):
    rng = np.random.default_rng(0)
    texts = [" ".join(rng.choice(_PLAIN, size=rng.integers(1, 9))) for _ in range(60)]
    placed = [p.text for p in parse_many(texts) if p.placed]
    assert placed == []


@pytest.mark.model
def test_parse_many_matches_parse(minilm):
    texts = ["a dog on the left", "astern of the boat", "rain", "birds above, a river in front", ""]
    batched, single = parse_many(texts), [parse(t) for t in texts]
    # one batch vs one prompt at a time: the model's floats may differ in the last bits
    for a, b in zip(batched, single, strict=True):
        assert a.confidence == pytest.approx(b.confidence, abs=1e-5)
        assert dataclasses.replace(a, confidence=b.confidence) == b


@pytest.mark.model
def test_the_model_is_loaded_once_across_threads(minilm):
    results = []

    def load():
        results.append(minilm._load()[0])

    threads = [threading.Thread(target=load) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and all(r is results[0] for r in results)
