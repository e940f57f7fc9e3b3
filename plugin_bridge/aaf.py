"""AAF compositions of the binaural stems, written with ``pyaaf2``.

Avid tools expect *multi-mono* essence, so each stereo stem becomes two mono master mobs
(``<track> L`` and ``<track> R``) and two sound slots of one top-level composition
("Earspace binaural stems"), each slot a filler up to the stem's start and then one
source clip. Essence is either embedded in the AAF (PCM; pyaaf2 cannot embed float WAVs,
so AAF export is 16- or 24-bit) or linked to the WAV files next to it.

No Debian package imports AAF headless, so exports are checked by reading them back with
pyaaf2 (:func:`read_aaf_clips`) and with OpenTimelineIO's AAF adapter (tests).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

from plugin_bridge.errors import ExportError
from plugin_bridge.stems import StemFile

_PCM_SUBTYPES = {"pcm16": "PCM_16", "pcm24": "PCM_24"}
_CHANNEL_NAMES = ("L", "R")
COMPOSITION_NAME = "Earspace binaural stems"


@dataclass(frozen=True)
class AafClip:
    """A clip read back from an AAF composition slot, in samples of its edit rate."""

    slot_name: str
    clip_name: str
    start_samples: int
    length_samples: int
    edit_rate_hz: float


def write_aaf(
    stems: Sequence[StemFile],
    aaf_file: Path,
    *,
    sample_rate_hz: int,
    bit_depth: str = "pcm24",
    embed: bool = True,
    link_dir: Path | None = None,
) -> Path:
    """Write ``aaf_file``; ``embed=False`` links the stem WAVs, located in ``link_dir``
    once delivered (default: where they are now)."""
    import aaf2

    if not stems:
        raise ExportError("nothing to export to AAF: no stems")
    if bit_depth not in _PCM_SUBTYPES:
        raise ExportError(
            f"AAF essence must be pcm16 or pcm24 (pyaaf2 cannot embed float), got {bit_depth!r}"
        )
    with (
        tempfile.TemporaryDirectory(prefix="earspace-aaf-") as tmp,
        aaf2.open(str(aaf_file), "w") as f,
    ):
        comp = f.create.CompositionMob(COMPOSITION_NAME)
        try:
            comp.usage = "Usage_TopLevel"
        except (AttributeError, ValueError, KeyError):
            pass
        f.content.mobs.append(comp)
        for stem in stems:
            if embed:
                masters = _embedded_masters(
                    f, stem, Path(tmp), sample_rate_hz, _PCM_SUBTYPES[bit_depth]
                )
            else:
                masters = _linked_masters(f, stem, link_dir)
            for channel_name, master, slot in masters:
                comp_slot = comp.create_sound_slot(edit_rate=sample_rate_hz)
                comp_slot.name = f"{stem.name} {channel_name}"
                seq = f.create.Sequence(media_kind="sound")
                if stem.start_sample > 0:
                    seq.components.append(f.create.Filler("sound", int(stem.start_sample)))
                seq.components.append(
                    master.create_source_clip(slot_id=slot.slot_id, length=slot.segment.length)
                )
                comp_slot.segment = seq
    return aaf_file


def _embedded_masters(f, stem: StemFile, tmp: Path, sample_rate_hz: int, subtype: str):
    audio, rate = sf.read(str(stem.path), dtype="float32", always_2d=True)
    if rate != sample_rate_hz:
        raise ExportError(
            f"{stem.path.name}: {rate} Hz does not match the AAF edit rate {sample_rate_hz} Hz"
        )
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    if peak > 1.0:
        raise ExportError(
            f"{stem.path.name}: peak {peak:.2f} is above full scale and would clip in PCM; lower the gain"
        )
    out = []
    for ch in range(audio.shape[1]):
        channel_name = _CHANNEL_NAMES[ch] if ch < len(_CHANNEL_NAMES) else str(ch + 1)
        mono_path = tmp / f"{stem.path.stem} {channel_name}.wav"
        sf.write(str(mono_path), audio[:, ch], rate, subtype=subtype, format="WAV")
        master = f.create.MasterMob(f"{stem.name} {channel_name}")
        f.content.mobs.append(master)
        master.import_audio_essence(str(mono_path), sample_rate_hz)
        out.append((channel_name, master, master.slots[0]))
    return out


def _linked_masters(f, stem: StemFile, link_dir: Path | None):
    info = sf.info(str(stem.path))
    codec = {"PCM_16": "pcm_s16le", "PCM_24": "pcm_s24le"}.get(info.subtype)
    if codec is None:
        raise ExportError(
            f"{stem.path.name}: linked AAF media must be 16/24-bit PCM WAV, not {info.subtype}"
        )
    meta = {
        "format": {
            "filename": str(stem.path.resolve()),
            "format_name": "wav",
            "format_long_name": "WAV / WAVE (Waveform Audio)",
        },
        "streams": [
            {
                "codec_type": "audio",
                "codec_name": codec,
                "sample_rate": str(info.samplerate),
                "channels": info.channels,
                "duration_ts": info.frames,
                "bit_rate": str(
                    info.samplerate * info.channels * (16 if codec == "pcm_s16le" else 24)
                ),
                "sample_fmt": "s16" if codec == "pcm_s16le" else "s32",
            }
        ],
    }
    master, source, _tape = f.content.link_external_wav(meta)
    master.name = stem.name
    if link_dir is not None:  # point the locators where the file will be delivered
        final_url = (Path(link_dir).resolve() / stem.path.name).as_uri()
        for locator in source.descriptor["Locator"]:
            locator["URLString"].value = final_url
    return [
        (_CHANNEL_NAMES[i] if i < len(_CHANNEL_NAMES) else str(i + 1), master, slot)
        for i, slot in enumerate(master.slots)
    ]


def read_aaf_clips(aaf_file: Path) -> list[AafClip]:
    """The source clips of the top-level composition, with their timeline positions."""
    import aaf2

    clips = []
    with aaf2.open(str(aaf_file), "r") as f:
        for mob in f.content.compositionmobs():
            if mob.name != COMPOSITION_NAME:
                continue
            for slot in mob.slots:
                rate = float(slot.edit_rate)
                position = 0
                segment = slot.segment
                components = segment.components if hasattr(segment, "components") else [segment]
                for comp in components:
                    length = int(comp.length)
                    if type(comp).__name__ == "SourceClip":
                        ref = comp.mob
                        clips.append(
                            AafClip(
                                slot.name or "", ref.name if ref else "", position, length, rate
                            )
                        )
                    position += length
    return clips


__all__ = ["AafClip", "COMPOSITION_NAME", "write_aaf", "read_aaf_clips"]
