"""Hand-written DAW projects for the import tests, all describing the same timeline.

Two tracks: ``Dogs`` (one mono item, placed by its name, with a source offset) and
``Cars`` (a mono item whose name places nothing, a stereo item, an item whose file is
missing); REAPER also has a muted track. Positions, lengths and offsets are odd sample
counts so that sample-exactness is checked, not just rounding to milliseconds.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf

SR = 48_000
ARDOUR_FADE = 64  # plugin_bridge.ardour.ARDOUR_REGION_FADE_SAMPLES: default region fades


@dataclass(frozen=True)
class Item:
    track: str
    name: str
    file: str
    position: int
    length: int
    offset: int


ITEMS = (
    Item("Dogs", "dog barking on the left", "dog.wav", 72_013, 60_007, 24_011),
    Item("Cars", "Car 01", "car.wav", 12_001, 95_999, 48_003),
    Item("Cars", "amb", "amb.wav", 120_005, 47_995, 1_001),
    Item("Cars", "gone", "missing.wav", 200_000, 10_000, 0),
)
STEREO_FILES = ("amb.wav",)
SOURCE_SAMPLES = {"dog.wav": 3 * SR, "car.wav": 4 * SR, "amb.wav": 2 * SR, "missing.wav": 10_000}


def write_sources(folder: Path) -> dict[str, np.ndarray]:
    """The source files (float WAV, quiet noise); returns their audio ``(channels, n)``."""
    rng = np.random.default_rng(11)
    audio = {
        "dog.wav": 0.05 * rng.standard_normal((1, 3 * SR)),
        "car.wav": 0.05 * rng.standard_normal((1, 4 * SR)),
        "amb.wav": 0.05 * rng.standard_normal((2, 2 * SR)),
    }
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, x in audio.items():
        x = x.astype(np.float32)
        sf.write(folder / name, x.T, SR, subtype="FLOAT")
        out[name] = x
    return out


def expected_mono(sources: dict[str, np.ndarray], item: Item) -> np.ndarray:
    x = sources[item.file]
    return x.mean(axis=0)[item.offset : item.offset + item.length]


def write_rpp(folder: Path) -> Path:
    """A REAPER project referencing the sources relative to its folder, plus a muted track."""

    def seconds(samples: int) -> str:
        return repr(samples / SR)

    lines = [
        '<REAPER_PROJECT 0.1 "7.0/linux-x86_64" 1700000000',
        "  RIPPLE 0",
        f"  SAMPLERATE {SR} 0 0",
    ]
    tracks: dict[str, list[Item]] = {}
    for item in ITEMS:
        tracks.setdefault(item.track, []).append(item)
    tracks["Muted"] = [Item("Muted", "bird on the right", "dog.wav", 0, 1000, 0)]
    for t, (name, items) in enumerate(tracks.items()):
        lines += [
            f"  <TRACK {{0000000{t}-0000-0000-0000-000000000000}}",
            f"    NAME {name}",
            "    VOLPAN 1 0 -1 -1 1",
            f"    MUTESOLO {1 if name == 'Muted' else 0} 0 0",
        ]
        for item in items:
            lines += [
                "    <ITEM",
                f"      POSITION {seconds(item.position)}",
                "      FADEIN 1 0 0 1 0 0 0",
                "      FADEOUT 1 0 0 1 0 0 0",
                f"      LENGTH {seconds(item.length)}",
                f"      SOFFS {seconds(item.offset)}",
                "      MUTE 0 0",
                f'      NAME "{item.name}"',
                "      VOLPAN 1 0 1 -1",
                "      <SOURCE WAVE",
                f'        FILE "{item.file}"',
                "      >",
                "    >",
            ]
        lines.append("  >")
    lines.append(">")
    project = folder / "project.RPP"
    project.write_text("\n".join(lines) + "\n")
    return project


def write_ardour(folder: Path, src: Path) -> Path:
    """An Ardour 7 session (derived from the Ardour-made template through Earspace's own
    writer, then edited: mono and stereo regions with source offsets, a missing file)."""
    from plugin_bridge.ardour import region_element, superclock, write_ardour_session
    from plugin_bridge.stems import StemFile

    placeholder = folder.parent / "placeholder.wav"
    sf.write(placeholder, np.zeros((SR, 2), np.float32), SR, subtype="FLOAT")
    stems = [StemFile(placeholder, name, 0, SR, SR, 0.0) for name in ("Dogs", "Cars")]
    session = write_ardour_session(stems, folder, session_name=folder.name, sample_rate_hz=SR)
    audio_dir = folder / "interchange" / folder.name / "audiofiles"
    (audio_dir / placeholder.name).unlink()
    for name in ("dog.wav", "car.wav", "amb.wav"):
        (audio_dir / name).write_bytes((src / name).read_bytes())
    tree = ET.parse(session.session_file)
    root = tree.getroot()
    sources = root.find("Sources")
    regions = root.find("Regions")
    for child in list(sources):
        sources.remove(child)
    for child in list(regions):
        regions.remove(child)
    next_id = [int(root.get("id-counter")) + 10]

    def new_id() -> str:
        next_id[0] += 1
        return str(next_id[0])

    source_ids: dict[str, list[str]] = {}
    for item in ITEMS:
        if item.file in source_ids:
            continue
        ids = []
        for ch in range(2 if item.file in STEREO_FILES else 1):
            sid = new_id()
            ids.append(sid)
            ET.SubElement(
                sources,
                "Source",
                {
                    "name": item.file,
                    "take-id": "",
                    "type": "audio",
                    "flags": "",
                    "id": sid,
                    "captured-for": "",
                    "channel": str(ch),
                    "origin": "",
                    "gain": "1",
                },
            )
        source_ids[item.file] = ids
        whole = f"a{superclock(SOURCE_SAMPLES[item.file], SR)}@a0"
        regions.append(region_element(Path(item.file).stem, new_id(), whole, ids, whole_file=True))
    playlists = {p.get("name"): p for p in root.iter("Playlist")}
    for playlist in playlists.values():
        for region in playlist.findall("Region"):
            playlist.remove(region)
    for item in ITEMS:
        length = f"a{superclock(item.length, SR)}@a{superclock(item.position, SR)}"
        region = region_element(
            item.name, new_id(), length, source_ids[item.file], whole_file=False
        )
        region.set("start", f"a{superclock(item.offset, SR)}")
        playlists[item.track].append(region)
    end = max(i.position + i.length for i in ITEMS)
    for loc in root.iter("Location"):
        if "IsSessionRange" in (loc.get("flags") or ""):
            loc.set("end", f"a{superclock(end, SR)}")
    root.set("id-counter", str(next_id[0] + 1))
    ET.indent(tree, space="  ")
    tree.write(session.session_file, encoding="UTF-8", xml_declaration=True)
    return session.session_file


def _by_track() -> dict[str, list[Item]]:
    tracks: dict[str, list[Item]] = {}
    for item in ITEMS:
        tracks.setdefault(item.track, []).append(item)
    return tracks


def write_otio(folder: Path) -> Path:
    """An OTIO timeline at the audio rate: gaps, clips with source offsets, relative media."""
    import opentimelineio as otio

    def t(samples: int) -> otio.opentime.RationalTime:
        return otio.opentime.RationalTime(samples, SR)

    timeline = otio.schema.Timeline(name="project")
    for name, items in _by_track().items():
        track = otio.schema.Track(name=name, kind=otio.schema.TrackKind.Audio)
        cursor = 0
        for item in items:
            if item.position > cursor:
                track.append(otio.schema.Gap(duration=t(item.position - cursor)))
            ref = otio.schema.ExternalReference(
                target_url=item.file,
                available_range=otio.opentime.TimeRange(t(0), t(SOURCE_SAMPLES[item.file])),
            )
            track.append(
                otio.schema.Clip(
                    name=item.name,
                    media_reference=ref,
                    source_range=otio.opentime.TimeRange(t(item.offset), t(item.length)),
                )
            )
            cursor = item.position + item.length
        timeline.tracks.append(track)
    path = folder / "project.otio"
    otio.adapters.write_to_file(timeline, str(path))
    return path


def write_aaf(folder: Path) -> Path:
    """An AAF composition (pyaaf2) whose sound slots hold fillers and source clips with
    start offsets into master mobs linked to the WAV files (one linked file is missing)."""
    import aaf2

    path = folder / "project.aaf"
    missing = [folder / i.file for i in ITEMS if not (folder / i.file).exists()]
    for m in missing:  # pyaaf2 reads a WAV header to link it; the file goes away afterwards
        sf.write(m, np.zeros(SOURCE_SAMPLES[m.name], np.float32), SR, subtype="FLOAT")
    with aaf2.open(str(path), "w") as f:
        comp = f.create.CompositionMob("project")
        comp.usage = "Usage_TopLevel"
        f.content.mobs.append(comp)
        masters = {}
        for item in ITEMS:  # one master mob per item, named after it (AAF clips have no name)
            channels = 2 if item.file in STEREO_FILES else 1
            meta = {
                "format": {
                    "filename": str(folder / item.file),
                    "format_name": "wav",
                    "format_long_name": "WAV / WAVE (Waveform Audio)",
                },
                "streams": [
                    {
                        "codec_type": "audio",
                        "codec_name": "pcm_f32le",
                        "sample_rate": str(SR),
                        "channels": channels,
                        "duration_ts": SOURCE_SAMPLES[item.file],
                        "bit_rate": str(SR * channels * 32),
                        "sample_fmt": "flt",
                    }
                ],
            }
            master, _source, _tape = f.content.link_external_wav(meta)
            master.name = item.name
            masters[item] = master
        for name, items in _by_track().items():
            slot = comp.create_sound_slot(edit_rate=SR)
            slot.name = name
            seq = f.create.Sequence(media_kind="sound")
            cursor = 0
            for item in items:
                if item.position > cursor:
                    seq.components.append(f.create.Filler("sound", item.position - cursor))
                master = masters[item]
                clip = master.create_source_clip(
                    slot_id=master.slots[0].slot_id, start=item.offset, length=item.length
                )
                seq.components.append(clip)
                cursor = item.position + item.length
            slot.segment = seq
    for m in missing:
        m.unlink()
    return path
