"""Basic French, German, Spanish (and a few Italian and Portuguese) direction words,
rewritten to English before parsing.

Only positions (left/right/front/behind/above/below, near/far) are covered; the rest of a
non-English prompt is kept as the label. Applied to normalised (lower-case) text.
"""

from __future__ import annotations

import re

_PHRASES: tuple[tuple[str, str], ...] = (
    # paths first, so their words are not rewritten one by one
    (r"de\s+gauche\s+(?:à|a)\s+droite", "from left to right"),
    (r"de\s+droite\s+(?:à|a)\s+gauche", "from right to left"),
    (r"von\s+links\s+nach\s+rechts", "from left to right"),
    (r"von\s+rechts\s+nach\s+links", "from right to left"),
    (r"de\s+(?:la\s+)?izquierda\s+a\s+(?:la\s+)?derecha", "from left to right"),
    (r"de\s+(?:la\s+)?derecha\s+a\s+(?:la\s+)?izquierda", "from right to left"),
    (r"d'avant\s+en\s+arri[eè]re", "from front to back"),
    (r"von\s+vorne?\s+nach\s+hinten", "from front to back"),
    (r"de\s+delante\s+(?:hacia\s+)?atr[aá]s", "from front to back"),
    (r"(?:de|par|depuis)\s+(?:la\s+)?gauche", "from the left"),
    (r"(?:de|par|depuis)\s+(?:la\s+)?droite", "from the right"),
    (r"(?:von|nach)\s+links", "from the left"),
    (r"(?:von|nach)\s+rechts", "from the right"),
    (r"(?:por|desde)\s+(?:la\s+)?izquierda", "from the left"),
    (r"(?:por|desde)\s+(?:la\s+)?derecha", "from the right"),
    # motions
    (r"s'approche|se\s+rapproche|approche", "approaching"),
    (r"s'[eé]loigne", "moving away"),
    (r"tourne\s+autour\s+de\s+(?:moi|ma\s+t[eê]te)", "circling around me"),
    (r"kommt\s+n[aä]her|n[aä]hert\s+sich", "approaching"),
    (r"entfernt\s+sich", "moving away"),
    (r"kreist\s+um\s+(?:mich|meinen\s+kopf)", "circling around me"),
    (r"se\s+acerca", "approaching"),
    (r"se\s+aleja", "moving away"),
    (r"gira\s+alrededor\s+de\s+(?:m[ií]|mi\s+cabeza)", "circling around me"),
    (r"neben\s+mir|[aà]\s+c[oô]t[eé]\s+de\s+moi|a\s+mi\s+lado", "right next to me"),
    # French
    (r"(?:à|a)\s+gauche", "on the left"),
    (r"(?:à|a)\s+droite", "on the right"),
    (r"au\s+dessus(?:\s+de\s+(?:moi|toi|ma\s+t[eê]te))?|en\s+haut", "above"),
    (r"en\s+dessous(?:\s+de\s+moi)?|en\s+bas|au\s+dessous", "below"),
    (r"derri[eè]re(?:\s+(?:moi|toi|nous))?", "behind me"),
    (r"devant(?:\s+(?:moi|toi|nous))?|en\s+face", "in front"),
    (r"tr[eè]s\s+loin", "very far away"),
    (r"(?:au\s+)?loin|lointain(?:e)?", "far away"),
    (r"tout\s+pr[eè]s|(?:tr[eè]s\s+)?proche|pr[eè]s(?:\s+de\s+moi)?", "close"),
    # German
    (r"links", "on the left"),
    (r"rechts", "on the right"),
    (r"vorne?|vor\s+(?:mir|dir|uns)", "in front"),
    (r"hinten|hinter\s+(?:mir|dir|uns)", "behind me"),
    (r"oben|[uü]ber\s+(?:mir|dir|uns|dem\s+kopf)", "above"),
    (r"unten|unter\s+(?:mir|dir|uns)", "below"),
    (r"sehr\s+weit\s+weg", "very far away"),
    (r"weit\s+(?:weg|entfernt)|in\s+der\s+ferne", "far away"),
    (r"ganz\s+nah|sehr\s+nah|nah(?:e)?", "close"),
    # Spanish
    (r"(?:a\s+la\s+)?izquierda", "on the left"),
    (r"(?:a\s+la\s+)?derecha", "on the right"),
    (r"delante(?:\s+de\s+m[ií])?|enfrente|adelante", "in front"),
    (r"detr[aá]s(?:\s+de\s+m[ií])?|atr[aá]s", "behind me"),
    (r"arriba|encima(?:\s+de\s+m[ií])?", "above"),
    (r"abajo|debajo(?:\s+de\s+m[ií])?", "below"),
    (r"muy\s+lejos", "very far away"),
    (r"lejos|a\s+lo\s+lejos", "far away"),
    (r"muy\s+cerca|cerca", "close"),
    # Italian and Portuguese, basic words only
    (r"da\s+sinistra\s+a\s+destra", "from left to right"),
    (r"da\s+destra\s+a\s+sinistra", "from right to left"),
    (r"(?:a\s+)?sinistra", "on the left"),
    (r"(?:a\s+)?destra", "on the right"),
    (r"dietro(?:\s+di\s+me)?", "behind me"),
    (r"davanti(?:\s+a\s+me)?", "in front"),
    (r"sopra(?:\s+di\s+me)?", "above"),
    (r"sotto(?:\s+di\s+me)?", "below"),
    (r"lontano", "far away"),
    (r"da\s+esquerda\s+para\s+a\s+direita", "from left to right"),
    (r"da\s+direita\s+para\s+a\s+esquerda", "from right to left"),
    (r"(?:[àa]\s+)?esquerda", "on the left"),
    (r"(?:[àa]\s+)?direita", "on the right"),
    (r"atr[aá]s\s+de\s+mim", "behind me"),
    (r"(?:na\s+)?frente(?:\s+de\s+mim)?", "in front"),
    (r"acima(?:\s+de\s+mim)?", "above"),
    (r"abaixo(?:\s+de\s+mim)?", "below"),
    (r"longe", "far away"),
)
_RE = tuple((re.compile(rf"(?<!\w)(?:{rx})(?!\w)"), en) for rx, en in _PHRASES)
_HINT = re.compile(
    r"(?<!\w)(?:sinistra|destra|dietro|davanti|sopra|sotto|lontano|esquerda|direita|frente|acima|abaixo|longe|approche|[eé]loigne|autour|n[aä]her|entfernt|kreist|acerca|aleja|alrededor|neben|c[oô]t[eé]|lado|arri[eè]re|gauche|droite|derri[eè]re|devant|dessus|dessous|loin|pr[eè]s|links|rechts|vorne?|hinten|oben|unten|weit|nah|izquierda|derecha|delante|detr[aá]s|arriba|abajo|encima|debajo|lejos|cerca|enfrente|atr[aá]s|vor|hinter|[uü]ber|unter)(?!\w)"
)


def translate_directions(text: str) -> str:
    """Rewrite French/German/Spanish direction words in normalised ``text`` to English."""
    if not _HINT.search(text):
        return text
    for regex, english in _RE:
        text = regex.sub(english, text)
    return text
