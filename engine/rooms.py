"""Room presets: the one registry of room names every layer reads.

The session validates ``Session.room`` and ``Region.room`` against :data:`ROOM_PRESETS`,
the prompt parser maps words to these names, the timeline builds room segments from
them, the CLI offers them, and :mod:`engine.physical.rooms` holds one acoustic model per
name (``anechoic`` = no room sound). Add a room here and in the physical models
(a test checks they agree).
"""

from __future__ import annotations

from engine.errors import ParameterError

#: Every room preset name, the default first.
ROOM_PRESETS: tuple[str, ...] = (
    "anechoic",
    "small room",
    "large hall",
    "outdoors",
    "cathedral",
    "bathroom",
)
DEFAULT_ROOM = "anechoic"


def is_room(name: object) -> bool:
    """True when ``name`` is one of :data:`ROOM_PRESETS`."""
    return isinstance(name, str) and name in ROOM_PRESETS


def check_room(name: object, where: str = "room") -> str:
    """``name`` if it is a preset, else :class:`ParameterError` naming ``where`` and the choices."""
    if not is_room(name):
        raise ParameterError(
            f"{where}: unknown room preset {name!r}; choose one of {', '.join(ROOM_PRESETS)}"
        )
    return name  # type: ignore[return-value]


__all__ = ["DEFAULT_ROOM", "ROOM_PRESETS", "check_room", "is_room"]
