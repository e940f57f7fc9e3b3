"""Prompt understanding: plain-language location text -> where each sound is.

In the flow prompt -> placement -> timeline -> render -> outputs this is the first step:
it turns text into a placement and knows nothing of sessions, timelines or renderers.

>>> from engine.prompt import parse
>>> p = parse("a dog barking behind me on the left, far away")
>>> p.placed, p.label, p.path.start.azimuth_deg, p.path.start.distance_m
(True, 'a dog barking', 135.0, 10.0)

``parse(text)`` returns a :class:`Placement`: one :class:`SourcePlacement` per source named
(label, :class:`~engine.spatial_path.SpatialPath`, motion), the room preset named (one of
:data:`engine.rooms.ROOM_PRESETS`), a confidence in [0, 1], notes on every assumption,
and ``placed=False`` with a ``reason`` when the prompt says nothing about position.

Conventions (those of :mod:`engine`): azimuth counter-clockwise from the front in degrees
(+90 = left, -90 = right, 180 = behind), elevation +90 = up, distance in metres from the
centre of the head. Defaults, each stated in a note when used:

- no distance named: 1.5 m (:data:`DEFAULT_DISTANCE_M`); "into my ear" 0.1 m, "right next
  to me" 0.3 m, "close" 0.8 m, "across the room" 4 m, "far away" 10 m, "in the distance"
  20 m, "very far" 50 m;
- "somewhere over there": front, 3 m (lower confidence, noted); "close to the mic" 0.3 m
  in front (the binaural mic is the listener's head);
- clock positions: 12 o'clock = front, 3 = right (-90), 9 = left (+90); "at your six" = behind;
- approaching / receding with no distances: 10 m <-> 1 m.

Motion names (:data:`MOTIONS`): "static", "left-to-right", "right-to-left",
"front-to-back", "back-to-front", "approaching", "receding", "circling-clockwise",
"circling-counterclockwise" (seen from above), "rising", "falling", and "moving" for paths
that return to where they began (side to side, approach-then-depart).

Speed: the grammar reads about a thousand prompts a second on one CPU core; the MiniLM
model (a few seconds to load) is imported only for the first prompt the grammar cannot
place. ``parse(text, use_embedding=False)`` never loads it (for type-as-you-go UIs), and
:func:`engine.prompt.embedding.warm_up` loads it ahead of time from a worker thread.

Modules: :mod:`.normalize`, :mod:`.spelling`, :mod:`.i18n`, :mod:`.numbers`, :mod:`.lexicon`,
:mod:`.direction` (direction grammar, with :mod:`.cues`, :mod:`.body`, :mod:`.anchors`
(body and gear points with a distance), :mod:`.angles`), :mod:`.compass`, :mod:`.venue` and
:mod:`.partial` (pre-passes: compass bearings against a stated facing, venue positions
heard from the seat :mod:`.seat` reads, "not quite behind"-style partial directions;
:mod:`.bug_report`: "should be behind-left, plays in front" keeps only the wanted place),
:mod:`.doubt` (vague and unsure wording, place words left unread, what they cost in
confidence), :mod:`.distance`, :mod:`.offsets`, :mod:`.motion` (recognisers on a
registry, with :mod:`.motion_words` and :mod:`.paths`),
:mod:`.timeline`, :mod:`.rooms`, :mod:`.sources` (multi-source splitting), :mod:`.label`,
:mod:`.embedding` (MiniLM fallback; :mod:`.bank` holds its phrases), :mod:`.placement`,
:mod:`.parser`, :mod:`.evaluation` (scoring against the hand-written test sets).
"""

from engine.prompt.distance import DEFAULT_DISTANCE_M
from engine.prompt.parser import parse, parse_grammar, parse_many
from engine.prompt.placement import MOTIONS, Placement, SourcePlacement

__all__ = [
    "DEFAULT_DISTANCE_M",
    "MOTIONS",
    "Placement",
    "SourcePlacement",
    "parse",
    "parse_grammar",
    "parse_many",
]
