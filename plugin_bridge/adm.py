"""ADM BWF export: one BW64 file, one ADM object per track, written with the EBU ``ear``
package (its ADM model, ``axml`` serialiser, ``chna`` builder and BW64 writer; no XML
is written by hand here).

Each audible track's mono audio (session rate, track insert chain applied) is one PCM
channel of the file; its audioObject -> audioPackFormat (``Objects``) -> one
audioChannelFormat whose audioBlockFormats follow the track's scene timeline
(:func:`engine.timeline.build_timeline`, the one every renderer reads; the object
follows the main source of a region that places several):

* static spans (holds between regions, static regions) are one block each, jumping to
  their position at the block start (``jumpPosition`` 1, ``interpolationLength`` 0);
* moving regions are cut into blocks of ``keyframe_interval_s`` (0.1 s); each block
  holds the position at its end and the renderer interpolates from the previous block
  over the whole block, so the object moves as Earspace's path does (linearly between
  keyframes 0.1 s apart); a jump at a region start gets a one-sample block of its own.

Coordinates. Earspace's azimuth (counter-clockwise from the front, +90 deg = left) and
elevation (up positive) are ADM's polar convention unchanged (ADM's ``M+030`` is front
left); azimuth is wrapped to [-180, 180). ADM polar distance is relative to the pack's
``absoluteDistance``: every pack gets ``absoluteDistance`` = the largest distance in the
scene (metres, at least the HRTF reference distance), and each block's ``distance`` =
``distance_m / absoluteDistance`` (so 0..1, and metres come back as
``distance * absoluteDistance``).

Gain. ADM renderers (``ear`` included) do not attenuate with distance, so each block's
``gain`` carries Earspace's distance law (:func:`engine.physical.distance.distance_gain`,
0 dB at the HRTF reference distance, as the AmbiX export) times the track gain. A track
whose audio peaks above full scale is written scaled down by its peak and its block
gains are raised by the same factor, so nothing clips and the level is unchanged.

Room. ADM has no room or reverb field for objects: objects are dry, and the notices
name the rooms that were not carried. ``audioTrackUID`` carries the sample rate and bit
depth of the file.
"""

from __future__ import annotations

import math
import threading
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

from engine.physical.distance import distance_gain
from engine.progress import ProgressCallback, check_cancel
from engine.session import Session
from engine.timeline import Timeline

#: Block length inside moving regions (seconds).
KEYFRAME_INTERVAL_S = 0.1
_BITS = {"pcm24": 24, "pcm16": 16, "float32": 24}


def adm_file_name(name: str) -> str:
    return f"{name} adm.wav"


def adm_time(sample: int, sample_rate_hz: int) -> Fraction:
    """Timeline sample -> seconds rounded to 1 ns, an exact decimal: ADM times are written
    as decimals, and a block's ``rtime + duration`` must equal the next ``rtime`` exactly
    (``k / 48000`` has no finite decimal). 1 ns is far below a sample at any rate, so
    ``round(t * rate)`` gives the sample back."""
    return Fraction(round(Fraction(sample, sample_rate_hz) * 10**9), 10**9)


def wrap_azimuth_deg(azimuth_deg: float) -> float:
    """Azimuth in [-180, 180)."""
    return float((azimuth_deg + 180.0) % 360.0 - 180.0)


def timeline_blocks(
    timeline: Timeline,
    n_samples: int,
    sample_rate_hz: int,
    *,
    keyframe_interval_s: float = KEYFRAME_INTERVAL_S,
) -> list[tuple[int, int, bool, tuple[float, float, float]]]:
    """``(start_sample, end_sample, jump, (az_deg, el_deg, dist_m))`` blocks tiling
    ``0..n_samples`` along the track's scene timeline (its main source): ``jump`` blocks
    sit at their position from their start, others end at their position (interpolated
    from the previous block)."""
    positions = timeline.positions
    cuts: list[tuple[int, int, bool]] = []  # (start, end, moving)
    cursor = 0
    step = max(1, int(round(keyframe_interval_s * sample_rate_hz)))
    for span in timeline.spans:
        a = min(max(int(round(span.start_s * sample_rate_hz)), cursor), n_samples)
        b = min(int(round(span.end_s * sample_rate_hz)), n_samples)
        if a > cursor:
            cuts.append((cursor, a, False))
        if b > a:
            moving = not span.sources[0].path.is_static
            if moving:
                cuts.extend((k, min(k + step, b), True) for k in range(a, b, step))
            else:
                cuts.append((a, b, False))
        cursor = max(cursor, b)
    if cursor < n_samples or not cuts:
        cuts.append((cursor, max(n_samples, cursor + 1), False))
    blocks: list[tuple[int, int, bool, tuple[float, float, float]]] = []
    previous: tuple[float, float, float] | None = None
    for start, end, moving in cuts:
        if moving:
            begin = _at(positions, start / sample_rate_hz)
            if previous is None or not np.allclose(begin, previous, atol=1e-6):
                blocks.append((start, start + 1, True, begin))
                start += 1
                if start >= end:
                    previous = begin
                    continue
            pos = _at(positions, (end - 1) / sample_rate_hz)
            blocks.append((start, end, False, pos))
        else:
            pos = _at(positions, start / sample_rate_hz)
            blocks.append((start, end, True, pos))
        previous = pos
    return blocks


def _at(positions: Any, t: float) -> tuple[float, float, float]:
    az, el, dist = positions(np.array([t]))
    return float(az[0]), float(el[0]), float(dist[0])


def export_adm(
    session: Session,
    folder: Path,
    *,
    name: str,
    sample_rate_hz: int | None,
    track_names: tuple[str, ...] | None,
    bit_depth: str,
    insert_hook: Any,
    notices: list[str],
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Write the audible (or named) tracks of ``session`` as ``folder/<name> adm.wav``;
    see the module docstring. Notices for the user go to ``notices``."""
    import warnings

    import lxml.etree

    with warnings.catch_warnings():  # ear imports pkg_resources, deprecated in setuptools 80
        warnings.simplefilter("ignore", UserWarning)
        from ear.fileio import openBw64
        from ear.fileio.adm.builder import ADMBuilder
        from ear.fileio.adm.chna import populate_chna_chunk
        from ear.fileio.adm.elements import AudioBlockFormatObjects, JumpPosition
        from ear.fileio.adm.elements.geom import ObjectPolarPosition
        from ear.fileio.adm.generate_ids import generate_ids
        from ear.fileio.adm.xml import adm_to_xml
        from ear.fileio.bw64.chunks import ChnaChunk, FormatInfoChunk

    from engine.render_session import load_track_audio
    from engine.resolve import resolve_regions
    from engine.timeline import build_timeline
    from plugin_bridge.scene_export import export_tracks, hrtf_reference_distance_m

    work, tracks = export_tracks(session, sample_rate_hz, track_names)
    rate = work.sample_rate_hz
    bits = _BITS[bit_depth]
    if bit_depth == "float32":
        notices.append("ADM BWF is written as 24-bit PCM (the BW64 writer has no float)")
    reference_m = hrtf_reference_distance_m(work, notices)

    channels: list[np.ndarray] = []
    per_track: list[tuple[str, list, float]] = []
    rooms: set[str] = set()
    for k, track in enumerate(tracks):
        check_cancel(cancel)
        if progress is not None:
            progress(0.8 * k / len(tracks), f"ADM object {track.name}")
        audio = load_track_audio(work, track)
        notices.extend(audio.notices)
        mono = np.asarray(audio.samples, np.float32)
        if insert_hook is not None:
            mono = np.asarray(insert_hook(track, mono, rate), np.float32)
        track_notices: list[str] = []
        regions = resolve_regions(track, track_notices)
        timeline = build_timeline(regions, room=work.room, front_distance_m=reference_m)
        rooms.update(room for _, _, room in timeline.room_segments if room != "anechoic")
        if timeline.max_sources > 1:
            track_notices.append(
                "a region places several sources; the ADM object follows the main one"
            )
        track_notices.extend(n for n in timeline.notices if "no region is placed" in n)
        notices.extend(f"{track.name}: {n}" for n in track_notices)
        blocks = timeline_blocks(timeline, mono.shape[0], rate)
        peak = float(np.max(np.abs(mono))) if mono.size else 0.0
        scale = peak if peak > 1.0 else 1.0
        if scale > 1.0:
            mono = mono / np.float32(scale)
            notices.append(
                f"{track.name}: audio peaks at {20 * math.log10(peak):+.1f} dBFS; written "
                f"{20 * math.log10(scale):.1f} dB lower with the ADM gain raised to match"
            )
        channels.append(mono)
        per_track.append((track.name, blocks, scale * 10 ** (track.gain_db / 20)))
    if rooms:
        notices.append(
            f"room{'s' if len(rooms) > 1 else ''} {', '.join(sorted(rooms))} not carried: ADM has "
            "no room/reverb field for objects; the objects are dry"
        )

    max_distance_m = max([reference_m] + [b[3][2] for _, blocks, _ in per_track for b in blocks])
    builder = ADMBuilder()
    n = max(c.shape[0] for c in channels)
    builder.create_programme(audioProgrammeName=name, start=Fraction(0), end=adm_time(n, rate))
    builder.create_content(audioContentName="Earspace scene")
    for index, (object_name, blocks, track_gain) in enumerate(per_track):
        formats = []
        for start, end, jump, (az, el, dist) in blocks:
            gain = track_gain * float(distance_gain(np.array([dist]), reference_m)[0])
            formats.append(
                AudioBlockFormatObjects(
                    rtime=adm_time(start, rate),
                    duration=adm_time(end, rate) - adm_time(start, rate),
                    position=ObjectPolarPosition(
                        azimuth=wrap_azimuth_deg(az),
                        elevation=float(np.clip(el, -90.0, 90.0)),
                        distance=float(dist / max_distance_m),
                    ),
                    gain=gain,
                    jumpPosition=JumpPosition(flag=True, interpolationLength=Fraction(0))
                    if jump
                    else JumpPosition(flag=False),
                )
            )
        item = builder.create_item_objects(
            track_index=index, name=object_name, block_formats=formats
        )
        item.pack_format.absoluteDistance = float(max_distance_m)
        item.track_uid.sampleRate = rate
        item.track_uid.bitDepth = bits
    generate_ids(builder.adm)
    axml = lxml.etree.tostring(adm_to_xml(builder.adm), pretty_print=True)
    chna = ChnaChunk()
    populate_chna_chunk(chna, builder.adm)
    data = np.zeros((n, len(channels)), np.float32)
    for i, c in enumerate(channels):
        data[: c.shape[0], i] = c
    path = folder / adm_file_name(name)
    fmt = FormatInfoChunk(
        formatTag=1, channelCount=len(channels), sampleRate=rate, bitsPerSample=bits
    )
    with openBw64(str(path), "w", formatInfo=fmt, chna=chna, axml=axml) as out:
        for k in range(0, n, 65536):
            out.write(data[k : k + 65536])
    notices.append(
        f"ADM BWF: {len(channels)} objects, {rate} Hz, {bits}-bit; distance relative to "
        f"absoluteDistance {max_distance_m:g} m; block gain = track gain x distance law "
        f"(0 dB at {reference_m:g} m)"
    )
    return path


__all__ = [
    "KEYFRAME_INTERVAL_S",
    "adm_time",
    "adm_file_name",
    "wrap_azimuth_deg",
    "timeline_blocks",
    "export_adm",
]
