"""The curated phrase bank for the embedding fallback.

Each entry is ``(phrase, azimuth_deg, elevation_deg, distance_m)``; the angles are ``None``
for *null* phrases (sound names and studio talk with no position), which stop a prompt
that merely resembles a spatial phrase from being placed. The spatial phrases are
wordings the grammar does not read (nautical, idioms, poetic); their positions follow the
engine convention (degrees, +90 = left; metres).
"""

from __future__ import annotations

BankEntry = tuple[str, float | None, float | None, float | None]

SPATIAL_PHRASES: tuple[BankEntry, ...] = (
    ("on the port side", 90.0, 0.0, 3.0),
    ("off the port bow", 45.0, 0.0, 10.0),
    ("on the starboard side", -90.0, 0.0, 3.0),
    ("off the starboard bow", -45.0, 0.0, 10.0),
    ("astern of us", 180.0, 0.0, 5.0),
    ("off the stern", 180.0, 0.0, 5.0),
    ("at the bow of the boat", 0.0, 0.0, 5.0),
    ("hot on my heels", 180.0, -20.0, 1.0),
    ("on my tail", 180.0, 0.0, 2.0),
    ("in the rear view mirror", 180.0, 0.0, 10.0),
    ("over yonder", 0.0, 0.0, 20.0),
    ("from the heavens", 0.0, 90.0, 20.0),
    ("sky high", 0.0, 70.0, 20.0),
    ("heavenward", 0.0, 80.0, 10.0),
    ("from the depths of the earth", 0.0, -90.0, 10.0),
    ("from deep underground", 0.0, -90.0, 5.0),
    ("through the floorboards", 0.0, -80.0, 2.0),
    ("in the attic", 0.0, 80.0, 4.0),
    ("in the cellar", 0.0, -80.0, 4.0),
    ("leftward", 90.0, 0.0, 1.5),
    ("rightward", -90.0, 0.0, 1.5),
    ("on the sinister side", 90.0, 0.0, 1.5),
    ("on the dexter side", -90.0, 0.0, 1.5),
    ("in my peripheral vision on the left", 80.0, 0.0, 2.0),
    ("in my peripheral vision on the right", -80.0, 0.0, 2.0),
    ("where I can't see it, at my back", 180.0, 0.0, 1.5),
    ("nose to nose with me", 0.0, 0.0, 0.2),
    ("breathing down my neck", 180.0, 0.0, 0.2),
    ("tickling my left earlobe", 90.0, 0.0, 0.1),
    ("tickling my right earlobe", -90.0, 0.0, 0.1),
    ("up in the gods", 0.0, 45.0, 20.0),
    ("in the gallery above", 0.0, 45.0, 10.0),
    ("in the orchestra pit", 0.0, -30.0, 5.0),
    ("on the stage in front of me", 0.0, 0.0, 6.0),
    ("from the pulpit", 0.0, 10.0, 10.0),
    ("at the back of the church", 180.0, 0.0, 15.0),
    ("in the wings, stage right", 60.0, 0.0, 8.0),
    ("in the wings, stage left", -60.0, 0.0, 8.0),
    ("over the hills and far away", 0.0, 0.0, 50.0),
    ("at the far end of the corridor", 0.0, 0.0, 15.0),
)

NULL_PHRASES: tuple[BankEntry, ...] = tuple(
    (p, None, None, None)
    for p in (
        "a dog barking",
        "three dogs barking",
        "rain",
        "heavy rain on a tin roof",
        "thunder",
        "a car engine",
        "footsteps",
        "a crowd cheering",
        "birdsong",
        "a violin melody",
        "piano music",
        "a man speaking",
        "a woman singing",
        "a baby crying",
        "an explosion",
        "gunshots",
        "wind",
        "ocean waves",
        "a door slams",
        "a phone ringing",
        "keyboard typing",
        "a clock ticking",
        "the sound of the sea",
        "make it louder",
        "add more reverb",
        "turn it down",
        "something",
        "nothing",
        "hello",
        "test test one two",
        "a synth pad",
        "a 440 hz sine tone",
        "white noise",
        "120 bpm drum loop",
        "sound effect",
        "ambience",
        "dialogue",
        "music",
        "a helicopter",
        "a train horn",
    )
)

BANK: tuple[BankEntry, ...] = SPATIAL_PHRASES + NULL_PHRASES
