"""Caption vocabulary for source names: how people name the training categories.

Users do not type category names: they write "a crackling fire", "the fiddle", "some
water running", "an animal". :func:`vary_name` turns a category into such a name
(synonym, hypernym, adjective + name, or the plain category), so the separator's name
conditioning learns the neighbourhood of each sound in MiniLM space rather than one
point; :func:`similar_categories` picks categories of one group ("two instruments", "two
animals") so mixtures of similar sounds are trained on purpose.

No entry may name a category of the frozen held-out split (``bench/heldout_categories.json``;
``tests/neural/test_names.py`` checks it), or the split would leak through the words.
"""

from __future__ import annotations

import numpy as np

# group -> (hypernyms, categories); a category not listed here keeps its plain name
GROUPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "instrument": (
        ("instrument", "a musical instrument", "music", "the band"),
        (
            "piano",
            "harpsichord",
            "organ",
            "guitar",
            "bass guitar",
            "violin",
            "cello",
            "harp",
            "trumpet",
            "trombone",
            "french horn",
            "saxophone",
            "clarinet",
            "flute",
            "drums",
            "bassoon",
            "drumkit",
            "cymbal crash",
            "drum tomtom floor",
        ),
    ),
    "animal": (
        ("animal", "an animal", "some creature", "livestock"),
        (
            "dog",
            "cow",
            "horse",
            "pig",
            "sheep",
            "goat",
            "camel",
            "elephant",
            "lion",
            "bear",
            "tiger",
            "wolf",
            "deer",
            "donkey",
            "frog",
            "whale",
            "chimp",
            "gorilla",
            "zebra",
            "bull",
            "bison",
            "sea lion",
            "dolphin",
            "orca",
            "mouse",
            "squirrel",
            "rabbit",
            "fox",
        ),
    ),
    "bird": (
        ("bird", "a bird", "birds", "some bird calling"),
        (
            "birdsong",
            "chicken",
            "rooster",
            "hen",
            "duck",
            "owl",
            "crow",
            "cuckoo",
            "seagull",
            "peacock",
            "flamingo",
            "turkey",
            "blackbird",
            "lark",
            "vulture",
            "tucan",
            "quetzal",
            "gander",
            "drake",
            "penguin",
        ),
    ),
    "insect": (
        ("insect", "a bug", "something buzzing"),
        ("bee", "mosquito", "hornet", "grasshopper"),
    ),
    "water": (
        ("water", "some water", "water sounds"),
        ("river", "waterfall", "waves", "rain"),
    ),
    "weather": (("weather", "a storm", "the elements"), ("wind", "thunder", "rain")),
    "voice": (("a person", "someone", "a human voice"), ("voice", "scream", "shout")),
    "work": (
        ("tools", "work sounds", "someone working", "labour"),
        ("hammering", "wood chopping", "pickaxe", "farming", "foraging", "saw"),
    ),
    "battle": (
        ("battle", "combat", "fighting", "war sounds"),
        ("sword", "arrow", "spear", "catapult", "battering ram", "impact", "collapse"),
    ),
    "household": (
        ("household", "a household appliance", "something in the house"),
        ("kettle", "vacuum cleaner", "washing machine", "toilet", "scissors small open"),
    ),
}
SYNONYMS: dict[str, tuple[str, ...]] = {
    "piano": ("grand piano", "upright piano", "the keys", "piano chords"),
    "violin": ("fiddle", "a bowed violin", "violin solo"),
    "cello": ("violoncello", "a bowed cello", "low strings"),
    "guitar": ("acoustic guitar", "nylon-string guitar", "strummed guitar"),
    "bass guitar": ("bass", "electric bass", "the bass line"),
    "drums": ("drum kit", "percussion", "the drummer", "tom drums"),
    "organ": ("church organ", "pipe organ"),
    "trumpet": ("horn section", "brass", "a trumpet solo"),
    "flute": ("a flute melody", "woodwind"),
    "saxophone": ("sax", "tenor sax"),
    "dog": ("a barking dog", "puppy", "hound", "dog barking"),
    "horse": ("a neighing horse", "hooves", "pony"),
    "cow": ("cattle", "a mooing cow"),
    "lion": ("a roaring lion", "big cat"),
    "birdsong": ("birds singing", "chirping birds", "birds tweeting"),
    "chicken": ("hens", "clucking chickens"),
    "footsteps": ("steps", "someone walking", "footfalls", "walking"),
    "voice": ("speech", "someone speaking", "a person talking", "a narrator", "dialogue"),
    "scream": ("someone screaming", "a yell", "a cry"),
    "rain": ("rainfall", "some rain falling", "a downpour"),
    "river": ("some water running", "a stream", "flowing water", "a brook"),
    "waterfall": ("falling water", "cascade"),
    "waves": ("the sea", "surf", "ocean waves"),
    "wind": ("wind blowing", "a breeze", "gusts"),
    "thunder": ("thunderclap", "a rumble of thunder"),
    "fire": ("a crackling fire", "campfire", "flames", "fireplace"),
    "sword": ("blades clashing", "swordfight", "a sword swing"),
    "arrow": ("arrows flying", "an arrow whoosh", "archery"),
    "hammering": ("a hammer", "someone hammering", "nailing"),
    "wood chopping": ("an axe", "chopping wood", "woodcutter"),
    "pickaxe": ("mining", "digging", "stone picking"),
    "market crowd": ("a crowd", "people chattering", "market"),
    "ship": ("a boat", "creaking ship", "sailing ship"),
    "kettle": ("boiling kettle", "teapot whistle"),
    "vacuum cleaner": ("hoover", "vacuuming"),
}
ADJECTIVES = ("loud", "quiet", "distant", "soft", "small", "big", "old", "steady", "busy")
ARTICLES = ("", "the ", "a ", "some ")


def group_of(category: str) -> str | None:
    """The first group that lists ``category``, or None."""
    for name, (_, cats) in GROUPS.items():
        if category in cats:
            return name
    return None


def vary_names(rng: np.random.Generator, categories: list[str]) -> list[str]:
    """Names for the sources of one mixture: each varied (:func:`vary_name`), but never a
    hypernym two of them share ("instrument" for both the violin and the cello), and all
    different."""
    groups = [group_of(c) for c in categories]
    out: list[str] = []
    for c, g in zip(categories, groups, strict=True):
        shared = g is not None and groups.count(g) > 1
        name = vary_name(rng, c, allow_hypernym=not shared)
        out.append(c if name in out else name)
    return out


def vary_name(
    rng: np.random.Generator, category: str, p_plain: float = 0.35, allow_hypernym: bool = True
) -> str:
    """A name for ``category`` as a prompt might say it: plain (``p_plain``), a synonym,
    an adjective + name, or (rarely) the group's hypernym."""
    r = rng.random()
    if r < p_plain:
        return category
    syn = SYNONYMS.get(category, ())
    group = group_of(category)
    if r < p_plain + 0.35 and syn:
        return str(syn[int(rng.integers(len(syn)))])
    if r < 0.9 or group is None or not allow_hypernym:
        base = syn[int(rng.integers(len(syn)))] if syn and rng.random() < 0.3 else category
        adj = ADJECTIVES[int(rng.integers(len(ADJECTIVES)))]
        art = ARTICLES[int(rng.integers(len(ARTICLES)))]
        return f"{art}{adj} {base}".strip()
    hyper = GROUPS[group][0]
    return str(hyper[int(rng.integers(len(hyper)))])


def similar_categories(rng: np.random.Generator, available: list[str], k: int) -> list[str] | None:
    """``k`` different available categories of one group (similar sounds), or None when
    no group has ``k`` of them."""
    have = set(available)
    groups = [[c for c in cats if c in have] for _, cats in GROUPS.values()]
    groups = [g for g in groups if len(g) >= k]
    if not groups:
        return None
    g = groups[int(rng.integers(len(groups)))]
    return [str(c) for c in rng.choice(g, size=k, replace=False)]
