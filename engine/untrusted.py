"""Guards for files and data that came from someone else (a session file you were sent).

A session names files (audio, an HRTF) and carries numbers and text; any of it may be
hostile or corrupt. These checks run before anything is opened or built, so every bad
input becomes one clear :class:`~engine.errors.EngineError` within milliseconds, with
bounded memory, instead of a hang, a crash or a huge allocation:

* :func:`require_regular_file` refuses devices (``/dev/zero``), FIFOs (opening a named
  pipe would block forever), sockets, folders and symlink loops *before opening* them.
* :func:`read_limited_bytes` refuses files larger than a limit without reading them.
* :func:`check_json_tree` walks parsed JSON without recursion and refuses deep nesting,
  too many items, NaN/infinite or absurd numbers, over-long strings and text that is not
  valid Unicode (lone surrogates) or holds control characters; errors name the field
  (``tracks[0].regions[3].start_s``).
"""

from __future__ import annotations

import math
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.errors import EngineError

#: Largest number a session may hold anywhere (seconds, dB, degrees, metres, Hz):
#: far above any real value, small enough that arithmetic on it stays finite.
MAX_ABS_NUMBER = 1e9


@dataclass(frozen=True)
class JsonLimits:
    """Shape limits for parsed JSON; each far above what a real session needs."""

    max_depth: int = 32
    max_items: int = 2_000_000  # values in the whole tree
    max_list_len: int = 20_000
    max_string_chars: int = 100_000
    #: Keys whose strings may be longer (plugin state, base64).
    long_string_keys: tuple[str, ...] = ("state_b64",)
    max_long_string_chars: int = 16 << 20
    #: Prompts are parsed when a session loads (schema migration) and in the app: each is
    #: short, and all of them together bounded, so loading stays within seconds.
    prompt_key: str = "prompt"
    max_prompt_chars: int = 2_000
    max_total_prompt_chars: int = 200_000


def require_regular_file(
    path: str | os.PathLike, *, error: type[EngineError], what: str = "file"
) -> Path:
    """``path`` if it is a regular file (symlinks followed); else raise ``error``.

    Uses ``stat`` only, so a FIFO, device or socket is refused without being opened.
    """
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError as exc:
        raise error(f"{p}: {what} not found") from exc
    except (OSError, ValueError) as exc:  # ELOOP, EACCES, ENAMETOOLONG, NUL byte
        reason = getattr(exc, "strerror", None) or str(exc)
        raise error(f"{p}: cannot open {what} ({reason})") from exc
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{p}: is a folder, not a {what}")
    if not stat.S_ISREG(st.st_mode):
        kind = (
            "a named pipe (FIFO)"
            if stat.S_ISFIFO(st.st_mode)
            else "a device"
            if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
            else "a socket or other special file"
        )
        raise error(f"{p}: is {kind}, not a regular file; Earspace only reads regular files")
    return p


def read_limited_bytes(
    path: str | os.PathLike, *, max_bytes: int, error: type[EngineError], what: str = "file"
) -> bytes:
    """The bytes of a regular file no larger than ``max_bytes`` (checked before reading)."""
    p = require_regular_file(path, error=error, what=what)
    try:
        with open(p, "rb") as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise error(
                    f"{p}: {what} is {size / 2**20:.1f} MiB, larger than the "
                    f"{max_bytes / 2**20:.0f} MiB limit"
                )
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise error(f"{p}: cannot read {what} ({exc.strerror or exc})") from exc
    if len(data) > max_bytes:  # grew while being read
        raise error(f"{p}: {what} is larger than the {max_bytes / 2**20:.0f} MiB limit")
    return data


def _text_problem(s: str) -> str | None:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid Unicode text (it holds a lone surrogate)"
    if any(ord(c) < 32 and c not in "\t\n\r" for c in s):
        return "holds control characters"
    return None


def check_json_tree(
    data: Any, *, error: type[EngineError], limits: JsonLimits | None = None
) -> None:
    """Raise ``error`` naming the first field of ``data`` that breaks ``limits``."""
    lim = limits or JsonLimits()
    stack: list[tuple[Any, str, int, str]] = [(data, "", 0, "")]
    items = 0
    prompt_chars = 0
    while stack:
        value, where, depth, key = stack.pop()
        items += 1
        name = where or "the file"
        if items > lim.max_items:
            raise error(f"more than {lim.max_items} values; not a session Earspace can open")
        if depth > lim.max_depth:
            raise error(f"{name}: nested more than {lim.max_depth} levels deep")
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, float | int):
            if isinstance(value, float) and not math.isfinite(value):
                raise error(f"{name}: must be a finite number, got {value!r}")
            if abs(value) > MAX_ABS_NUMBER:
                raise error(f"{name}: {value!r} is out of range (|value| <= {MAX_ABS_NUMBER:g})")
            continue
        if isinstance(value, str):
            limit = (
                lim.max_long_string_chars if key in lim.long_string_keys else lim.max_string_chars
            )
            if key == lim.prompt_key:
                limit = lim.max_prompt_chars
                prompt_chars += len(value)
                if prompt_chars > lim.max_total_prompt_chars:
                    raise error(
                        f"{name}: the prompts hold more than {lim.max_total_prompt_chars} "
                        "characters together; split the session"
                    )
            if len(value) > limit:
                raise error(f"{name}: text of {len(value)} characters is longer than {limit}")
            problem = _text_problem(value)
            if problem:
                raise error(f"{name}: {problem}")
            continue
        if isinstance(value, list):
            if len(value) > lim.max_list_len:
                raise error(f"{name}: {len(value)} items is more than the {lim.max_list_len} limit")
            for i in range(len(value) - 1, -1, -1):
                stack.append((value[i], f"{where}[{i}]", depth + 1, key))
            continue
        if isinstance(value, dict):
            for k in reversed(list(value)):
                if not isinstance(k, str) or _text_problem(k):
                    raise error(f"{name}: key {k!r} is not valid text")
                if len(k) > lim.max_string_chars:
                    raise error(f"{name}: a key of {len(k)} characters is too long")
                stack.append((value[k], f"{where}.{k}" if where else k, depth + 1, k))
            continue
        raise error(f"{name}: unexpected value of type {type(value).__name__}")


__all__ = [
    "JsonLimits",
    "MAX_ABS_NUMBER",
    "check_json_tree",
    "read_limited_bytes",
    "require_regular_file",
]
