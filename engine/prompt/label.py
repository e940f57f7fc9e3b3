"""Source labels: what is left of a phrase once the words about position are removed.

"a dog barking behind me on the left, far away" -> "a dog barking". Function words
(prepositions, pronouns, motion verbs) next to a removed span go with it, so no dangling
"on the" remains; everything else (including numbers such as "3 dogs") is kept.
"""

from __future__ import annotations

import re

#: Words dropped when they touch a removed (spatial) span.
FUNCTION_WORDS = frozenset(
    """
    on at to in into from towards toward of by over off onto the my your his her their our its me you us him them
    is are was be being sits sitting sit positioned placed located situated heard coming comes come
    and then while whilst as with just very slightly directly right far away up down side hand sided
    somewhere there here it it's that which who moves moving move goes going go passes passing pass
    pans panning pan travels travelling traveling traveled travel drifts drifting drift swings swinging
    slowly quickly fast gradually steadily across past through around round about approximately roughly
        starts starting begins beginning ends ending finally eventually level height bit little touch
    tad more mostly almost nearly exactly straight dead hard extreme fully all way both either
    approaching approaches receding recedes circling circles orbiting orbits
    towards toward away closer nearer getting gets overhead above below behind front ahead
    left right high low top bottom position positioned direction pointing facing located
    placed sounds sounding heard audible coming about around also again back forth
    before after than but or then time now degrees degree oclock loudest quietest louder quieter
    mainly especially wait actually corner corners area region spot offset skewed biased correct
    kind sort like not please should would could want wants needed need be can we i let make
    somewhat maybe perhaps probably approximately ish feel feels seem seems
    quite rather fairly really super extremely incredibly out strongest weakest heaviest
    lightest densest thickest most
    """.split()
)
#: After these a function-word-looking token is a noun ("a fly", "the back door").
_DETERMINERS = frozenset(
    "a an the this that some another every each its his her their our my your".split()
)
_NEVER_NOUNS = frozenset(
    "on at to in into from of by the my your his her their our me you us it is are and or".split()
)
_WORD_RE = re.compile(r"[\w']+|[^\w\s]")


def extract_label(text: str, removed: list[tuple[int, int]]) -> str:
    """``text`` without the ``removed`` char spans and the function words touching them."""
    tokens = [(m.start(), m.end(), m.group(0)) for m in _WORD_RE.finditer(text)]
    keep = [not any(a < e and s < b for a, b in removed) for s, e, _ in tokens]
    changed = True
    while changed:
        changed = False
        for i, (_, _, word) in enumerate(tokens):
            if not keep[i]:
                continue
            if word not in FUNCTION_WORDS and not re.fullmatch(r"[^\w\s]", word):
                continue
            prev = next((tokens[j][2] for j in range(i - 1, -1, -1) if keep[j]), None)
            if prev in _DETERMINERS and word not in _NEVER_NOUNS:
                continue
            left_gone = i == 0 or not keep[i - 1]
            right_gone = i == len(tokens) - 1 or not keep[i + 1]
            if left_gone or right_gone:
                if i == 0 and word in ("a", "an", "the") and not right_gone:
                    continue
                keep[i] = False
                changed = True
    words = [w for (_, _, w), k in zip(tokens, keep, strict=True) if k]
    label = " ".join(words)
    label = re.sub(r"\s+([,.;:!?])", r"\1", label)
    label = re.sub(r"^[\s,.;:!?-]+|[\s,.;:!?-]+$", "", label)
    return label
