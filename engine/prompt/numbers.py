"""Numbers written as digits or words ("6", "1.5", "1,5", "10,000", "six", "twenty-five",
"a couple of").

:data:`NUMBER` is a regex fragment (no groups) that matches one number; :func:`number_value`
turns the matched text into a float. Text is expected lower-case and normalised
(see :mod:`engine.prompt.normalize`).
"""

from __future__ import annotations

import re

_UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_VAGUE = {"a couple of": 2.0, "a couple": 2.0, "a few": 3.0, "several": 5.0, "a dozen": 12.0}

_unit_words = "|".join(sorted((w for w in _UNITS if w not in ("a", "an")), key=len, reverse=True))
_tens_words = "|".join(_TENS)
_vague_words = "|".join(sorted(_VAGUE, key=len, reverse=True))

#: One number: digits, "half a", number words up to the hundreds, or vague counts.
NUMBER = (
    r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{1,2}(?![\d,])|\d+(?:\.\d+)?"
    rf"|(?:a\s+)?half\s+an?|an?\s+half"
    rf"|(?:(?:a|one|two|three|four|five)\s+)?hundred(?:\s+(?:and\s+)?(?:(?:{_tens_words})(?:\s+(?:{_unit_words}))?|{_unit_words}))?"
    rf"|(?:{_tens_words})(?:\s+(?:{_unit_words}))?"
    rf"|(?:{_vague_words})\s+hundred"
    rf"|{_vague_words}"
    rf"|{_unit_words})"
    r"(?:\s+and\s+a\s+half)?"
)
NUMBER_RE = re.compile(rf"\b{NUMBER}\b")


def number_value(text: str) -> float:
    """Value of a number matched by :data:`NUMBER` (e.g. "twenty five" -> 25.0)."""
    s = " ".join(text.split())
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d+,\d{1,2}", s):  # decimal comma: "1,5 m"
        s = s.replace(",", ".")
    extra = 0.0
    if s.endswith(" and a half"):
        s, extra = s[: -len(" and a half")], 0.5
    if s in ("half a", "half an", "a half a", "a half an", "a half", "an half"):
        return 0.5 + extra
    if s in _VAGUE:
        return _VAGUE[s] + extra
    if s.endswith(" hundred") and s[: -len(" hundred")] in _VAGUE:
        return _VAGUE[s[: -len(" hundred")]] * 100.0 + extra
    try:
        return float(s) + extra
    except ValueError:
        pass
    total = 0.0
    current = 0.0
    for word in s.split():
        if word == "and":
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = (current or 1.0) * 100.0
            total += current
            current = 0.0
        else:
            raise ValueError(f"not a number: {text!r}")
    return total + current + extra
