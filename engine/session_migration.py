"""Upgrade session files of an older schema to the current one (on load, in memory).

Schema 1 (Earspace 0.1) stored one ``keyframes`` list per region: the first source's
path only, so a prompt naming two sources lost the second. Schema 2 stores ``sources``:
``[{"label": ..., "keyframes": [...]}, ...]``. Upgrading a schema 1 region:

* no keyframes -> no sources (the prompt is resolved at render time, as before);
* keyframes -> the first source, labelled with the parser's first label. When the
  prompt still parses to a first path equal to the stored one (the user did not edit
  it), the prompt's other sources are added; an edited path is kept alone, as the user
  left it. Only the grammar is asked (several sources come only from it): loading an
  old file never waits for the MiniLM fallback model.

The file on disk is not rewritten; the next save writes schema 2.
"""

from __future__ import annotations

import copy
from typing import Any


def migrate(data: dict[str, Any], version: int) -> dict[str, Any]:
    """``data`` (parsed JSON of schema ``version``) upgraded to the current schema (a copy)."""
    out = copy.deepcopy(data)
    if version < 2:
        _v1_to_v2(out)
    return out


def _v1_to_v2(data: dict[str, Any]) -> None:
    for track in data.get("tracks", []) if isinstance(data.get("tracks"), list) else []:
        if not isinstance(track, dict) or not isinstance(track.get("regions"), list):
            continue
        for region in track["regions"]:
            if not isinstance(region, dict) or "sources" in region:
                continue
            keyframes = region.pop("keyframes", None)
            region["sources"] = (
                _sources_from_prompt(region.get("prompt"), keyframes) if keyframes else []
            )
    data["schema_version"] = 2


def _sources_from_prompt(prompt: Any, keyframes: Any) -> list[dict[str, Any]]:
    stored = [{"label": "", "keyframes": keyframes}]
    if not isinstance(prompt, str) or not prompt.strip():
        return stored
    from engine.prompt import parse

    placement = parse(prompt, use_embedding=False)
    if not placement.placed:
        return stored
    if placement.sources[0].path.to_list() != keyframes:  # edited: keep it, name it
        return [{"label": placement.sources[0].label, "keyframes": keyframes}]
    return [{"label": s.label, "keyframes": s.path.to_list()} for s in placement.sources]


__all__ = ["migrate"]
