"""Room presets: early reflections through the HRTF plus a binaural late tail.

Each preset (``engine.rooms.ROOM_PRESETS``) is a shoebox room (or open ground for
``outdoors``) with a mid-frequency reverberation time and per-octave RT60 factors (high
frequencies decay faster, as in real rooms). From it :func:`room_response` builds a
binaural room response (BRIR without the direct sound; time 0 = direct sound's arrival):

* Early reflections: image sources of the shoebox up to ``reflection_order`` (the ground
  only, outdoors), each at its delay ``(r_image - r_direct) / c``, with gain
  ``beta ** n_reflections * r_ref / r_image`` (``beta = sqrt(1 - alpha)``, ``alpha`` from
  Sabine's formula) and filtered by the HRIR of its direction.
* Late tail: independent noise per ear shaped in the STFT domain: every frequency decays
  at its own ``exp(-6.91 t / RT60(f))``, the spectrum follows the HRTF set's
  diffuse-field average, and the two ears are mixed to the interaural coherence of a
  diffuse field at a head (``sin(k d) / (k d)``, ``d`` = 0.18 m, 0 above the first zero),
  so the tail sounds around the head, not inside it. It fades in over twice the room's
  mean free path and its energy is set by diffuse-field theory: the reverberant energy
  equals the direct energy at the critical distance ``sqrt(Q A / (16 pi))`` (``A`` =
  Sabine absorption area, ``Q`` = 2 source directivity), capped at +3 dB over the
  direct sound at the reference distance (small reverberant rooms would otherwise bury
  the source: a mixing choice, not physics).

The tail does not depend on where the source is: one tail per room. The early
reflections are computed per region, for the source position at the region's midpoint
(held until the next region starts); the direct sound follows the source exactly, the
reflections do not follow its motion within a region (a documented simplification).
:class:`RoomBus` convolves the track with a response (streaming overlap-add), weighted
by the room's and region's crossfaded masks over time (:func:`room_buses`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.fft as sfft
from scipy.signal import istft

from engine.errors import ParameterError
from engine.geometry import direction_vector, vector_to_angles
from engine.hrtf import HrtfSet
from engine.physical.direct_path import fft_size
from engine.physical.distance import SPEED_OF_SOUND_M_S
from engine.timeline import Timeline, span_weight

BAND_CENTRES_HZ = (125.0, 250.0, 500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0)
EAR_DISTANCE_M = 0.18
SOURCE_DIRECTIVITY_Q = 2.0
LISTENER_HEIGHT_M = 1.6
MAX_REVERB_RATIO = 2.0  # reverberant energy <= +3 dB re the direct sound at r_ref


@dataclass(frozen=True)
class RoomPreset:
    """A room: ``dimensions_m`` (x front, y left, z up) or ``None`` for open ground."""

    name: str
    dimensions_m: tuple[float, float, float] | None
    rt60_s: float  # mid frequencies (500 Hz - 1 kHz)
    rt60_factors: tuple[float, ...]  # per BAND_CENTRES_HZ
    reflection_order: int = 2
    ground_reflection: float = 0.0  # outdoors: amplitude factor of the ground reflection
    tail_level_db: float | None = None  # outdoors: tail energy re the direct sound at r_ref

    def rt60_at(self, frequency_hz) -> np.ndarray:
        """RT60 in seconds at ``frequency_hz`` (interpolated in log frequency)."""
        f = np.clip(
            np.asarray(frequency_hz, dtype=np.float64), BAND_CENTRES_HZ[0], BAND_CENTRES_HZ[-1]
        )
        return self.rt60_s * np.interp(np.log(f), np.log(BAND_CENTRES_HZ), self.rt60_factors)


PRESETS: dict[str, RoomPreset] = {
    "small room": RoomPreset(
        "small room", (4.5, 3.8, 2.7), 0.4, (1.3, 1.15, 1.0, 1.0, 0.95, 0.85, 0.7, 0.55), 3
    ),
    "bathroom": RoomPreset(
        "bathroom", (2.6, 2.2, 2.5), 0.8, (1.0, 1.0, 1.0, 1.0, 0.95, 0.9, 0.8, 0.65), 3
    ),
    "large hall": RoomPreset(
        "large hall", (36.0, 22.0, 14.0), 1.9, (1.35, 1.2, 1.05, 1.0, 0.9, 0.75, 0.55, 0.4), 2
    ),
    "cathedral": RoomPreset(
        "cathedral", (70.0, 30.0, 28.0), 4.2, (1.3, 1.2, 1.1, 1.0, 0.9, 0.7, 0.5, 0.35), 2
    ),
    "outdoors": RoomPreset(
        "outdoors",
        None,
        0.35,
        (1.0, 1.0, 1.0, 1.0, 0.9, 0.8, 0.6, 0.4),
        1,
        ground_reflection=0.7,
        tail_level_db=-26.0,
    ),
}


def room_response(
    preset: RoomPreset,
    hrtf: HrtfSet,
    *,
    azimuth_deg: float,
    elevation_deg: float,
    distance_m: float,
    speed_of_sound_m_s: float = SPEED_OF_SOUND_M_S,
    seed: int = 0,
) -> np.ndarray:
    """Binaural room response ``[shape=(2, n)]`` float32 without the direct sound:
    :func:`early_reflections` plus :func:`late_tail_response`."""
    early = early_reflections(
        preset,
        hrtf,
        azimuth_deg=azimuth_deg,
        elevation_deg=elevation_deg,
        distance_m=distance_m,
        speed_of_sound_m_s=speed_of_sound_m_s,
    )
    tail = late_tail_response(
        preset, hrtf, early_energy=_energy(early), speed_of_sound_m_s=speed_of_sound_m_s, seed=seed
    )
    out = np.zeros((2, max(early.shape[1], tail.shape[1])), dtype=np.float32)
    out[:, : early.shape[1]] += early
    out[:, : tail.shape[1]] += tail
    return out


def early_reflections(
    preset: RoomPreset,
    hrtf: HrtfSet,
    *,
    azimuth_deg: float,
    elevation_deg: float,
    distance_m: float,
    speed_of_sound_m_s: float = SPEED_OF_SOUND_M_S,
) -> np.ndarray:
    """Image-source reflections through the HRTF ``[shape=(2, n)]`` float32; time 0 =
    arrival of the direct sound."""
    fs = hrtf.sample_rate_hz
    c = speed_of_sound_m_s
    r_ref = hrtf.reference_distance_m
    reflections = _image_sources(preset, azimuth_deg, elevation_deg, distance_m)
    # A source placed beyond a wall is moved inside the room; a reflection that would
    # then arrive before the direct sound is left out.
    starts = [int(round((r - distance_m) / c * fs)) for _, _, r, _ in reflections]
    out = np.zeros((2, max(max(starts, default=0), 0) + hrtf.n_taps), dtype=np.float64)
    for (_az, _el, r_img, gain), start, hrir in zip(
        reflections, starts, _hrirs(hrtf, reflections), strict=True
    ):
        if start >= 0:
            out[:, start : start + hrir.shape[1]] += gain * r_ref / r_img * hrir
    return out.astype(np.float32)


def late_tail_response(
    preset: RoomPreset,
    hrtf: HrtfSet,
    *,
    early_energy: float,
    speed_of_sound_m_s: float = SPEED_OF_SOUND_M_S,
    seed: int = 0,
) -> np.ndarray:
    """The binaural late tail ``[shape=(2, n)]`` float32 (see the module docstring); its
    energy is the room's reverberant energy minus ``early_energy`` (at least 30 % of it)."""
    fs = hrtf.sample_rate_hz
    c = speed_of_sound_m_s
    r_ref = hrtf.reference_distance_m
    length = int(np.ceil(1.05 * float(preset.rt60_at(BAND_CENTRES_HZ).max()) * fs)) + hrtf.n_taps
    diffuse_energy = float(np.mean(np.sum(hrtf.measured.astype(np.float64) ** 2, axis=-1)))
    if preset.tail_level_db is not None:
        tail_energy = diffuse_energy * 10.0 ** (preset.tail_level_db / 10.0)
        mix_time_s = 0.02
    else:
        lx, ly, lz = preset.dimensions_m  # type: ignore[misc]
        volume = lx * ly * lz
        surface = 2.0 * (lx * ly + lx * lz + ly * lz)
        absorption_area = 0.161 * volume / preset.rt60_s
        critical = np.sqrt(SOURCE_DIRECTIVITY_Q * absorption_area / (16.0 * np.pi))
        reverberant = diffuse_energy * (r_ref / critical) ** 2
        reverberant = min(reverberant, MAX_REVERB_RATIO * diffuse_energy)
        tail_energy = max(reverberant - early_energy, 0.3 * reverberant)
        mix_time_s = 2.0 * 4.0 * volume / surface / c
    tail = _late_tail(preset, hrtf, length, mix_time_s, seed).copy()
    tail *= np.sqrt(tail_energy / max(_energy(tail), 1e-30))
    return tail.astype(np.float32)


def _energy(response: np.ndarray) -> float:
    """Mean energy per ear."""
    return float(np.sum(np.asarray(response, dtype=np.float64) ** 2)) / 2.0


def _image_sources(
    preset: RoomPreset, azimuth_deg: float, elevation_deg: float, distance_m: float
) -> list[tuple[float, float, float, float]]:
    """``(azimuth_deg, elevation_deg, distance_m, gain)`` of every reflection."""
    direction = direction_vector(azimuth_deg, elevation_deg)
    if preset.dimensions_m is None:
        listener = np.array([0.0, 0.0, LISTENER_HEIGHT_M])
        source = listener + distance_m * direction
        source[2] = max(source[2], 0.05)
        image = source * np.array([1.0, 1.0, -1.0])
        vec = image - listener
        r = float(np.linalg.norm(vec))
        az, el = vector_to_angles(vec)
        return [(float(az), float(el), r, preset.ground_reflection)]
    dims = np.asarray(preset.dimensions_m)
    listener = np.array([0.45 * dims[0], 0.4 * dims[1], min(LISTENER_HEIGHT_M, 0.6 * dims[2])])
    source = np.clip(listener + distance_m * direction, 0.1, dims - 0.1)
    volume = float(np.prod(dims))
    surface = 2.0 * (dims[0] * dims[1] + dims[0] * dims[2] + dims[1] * dims[2])
    alpha = min(0.161 * volume / (surface * preset.rt60_s), 0.95)
    beta = np.sqrt(1.0 - alpha)
    order = preset.reflection_order
    out = []
    rng = range(-order, order + 1)
    for nx in rng:
        for ny in rng:
            for nz in rng:
                count = abs(nx) + abs(ny) + abs(nz)
                if count == 0 or count > order:
                    continue
                image = np.array(
                    [
                        _image_coordinate(n, s, d)
                        for n, s, d in zip((nx, ny, nz), source, dims, strict=True)
                    ]
                )
                vec = image - listener
                az, el = vector_to_angles(vec)
                out.append((float(az), float(el), float(np.linalg.norm(vec)), float(beta**count)))
    return out


def _image_coordinate(n: int, s: float, size: float) -> float:
    """Coordinate of the ``n``-th image of a source at ``s`` between walls at 0 and ``size``."""
    return n * size + s if n % 2 == 0 else (n + 1) * size - s


def _hrirs(hrtf: HrtfSet, reflections: list[tuple[float, float, float, float]]) -> list[np.ndarray]:
    return [hrtf.hrir(az, el).astype(np.float64) for az, el, _, _ in reflections]


@functools.lru_cache(maxsize=16)
def _late_tail(
    preset: RoomPreset, hrtf: HrtfSet, length: int, mix_time_s: float, seed: int
) -> np.ndarray:
    """Decaying binaural noise ``[shape=(2, length)]`` (unnormalised; cached, read-only:
    it depends on the room, not on where the source is)."""
    fs = hrtf.sample_rate_hz
    n_fft, hop = 512, 128
    n_frames = length // hop + 4
    freqs = np.arange(n_fft // 2 + 1) * fs / n_fft
    times = np.arange(n_frames) * hop / fs
    rng = np.random.default_rng(seed)
    noise = rng.standard_normal((2, 2, freqs.size, n_frames))
    spec = noise[:, 0] + 1j * noise[:, 1]  # (2 ears, F, T) independent
    decay = np.exp(-6.9078 * times[None, :] / preset.rt60_at(np.maximum(freqs, 1.0))[:, None])
    shape = np.sqrt(
        np.mean(np.abs(np.fft.rfft(hrtf.measured.astype(np.float64), n_fft, axis=-1)) ** 2, axis=0)
    )
    kd = 2.0 * np.pi * np.maximum(freqs, 1e-3) / SPEED_OF_SOUND_M_S * EAR_DISTANCE_M
    coherence = np.where(kd < np.pi, np.sin(kd) / kd, 0.0)
    theta = 0.5 * np.arcsin(np.clip(coherence, 0.0, 1.0))[:, None]
    left = np.cos(theta) * spec[0] + np.sin(theta) * spec[1]
    right = np.sin(theta) * spec[0] + np.cos(theta) * spec[1]
    shaped = np.stack([left, right]) * decay[None] * shape[:, :, None]
    _, tail = istft(shaped, fs=fs, nperseg=n_fft, noverlap=n_fft - hop, input_onesided=True)
    tail = tail[:, :length]
    if tail.shape[1] < length:
        tail = np.pad(tail, ((0, 0), (0, length - tail.shape[1])))
    t = np.arange(length) / fs
    tail *= 0.5 - 0.5 * np.cos(np.pi * np.clip(t / max(mix_time_s, 1e-3), 0.0, 1.0))
    tail.setflags(write=False)
    return tail


class RoomBus:
    """Streaming convolution of the weighted track with one response (overlap-add).

    ``weights(times_s)`` gives the input weight over time (``None`` = 1 everywhere);
    blocks whose weight is zero and whose reverberation has died away are skipped.
    """

    def __init__(
        self,
        name: str,
        response: np.ndarray,
        weights: Callable[[np.ndarray], np.ndarray] | None,
        *,
        sample_rate_hz: int,
        time_offset_samples: int,
    ) -> None:
        self.name = name
        self.length = int(response.shape[1])
        self.block = 1 << int(np.ceil(np.log2(max(self.length, 4096))))
        self.n_fft = fft_size(self.block + self.length)
        self._spec = sfft.rfft(response, self.n_fft, axis=-1, workers=1).astype(np.complex64)
        self.weights = weights
        self.fs = int(sample_rate_hz)
        self.offset = int(time_offset_samples)
        self._in = np.zeros(0, dtype=np.float32)
        self._n_in = 0  # absolute index of the first sample in self._in
        self._acc = np.zeros((2, self.n_fft), dtype=np.float32)
        self._ringing = False  # the accumulator holds non-zero samples

    def push(self, x: np.ndarray) -> np.ndarray:
        self._in = np.concatenate([self._in, np.asarray(x, dtype=np.float32)])
        outs = []
        while self._in.size >= self.block:
            block, self._in = self._in[: self.block], self._in[self.block :]
            if self.weights is not None:
                t = (self._n_in + np.arange(self.block) - self.offset) / self.fs
                w = self.weights(t)
                block = block * w.astype(np.float32) if np.any(w) else np.zeros(0, np.float32)
            self._n_in += self.block
            if np.any(block):
                y = sfft.irfft(
                    sfft.rfft(block, self.n_fft, workers=1)[None, :] * self._spec,
                    self.n_fft,
                    axis=-1,
                    workers=1,
                )
                self._acc += y
                self._ringing = True
            if not self._ringing:
                outs.append(np.zeros((2, self.block), np.float32))
                continue
            outs.append(self._acc[:, : self.block].copy())
            self._acc = np.concatenate(
                [self._acc[:, self.block :], np.zeros((2, self.block), np.float32)], axis=1
            )
            self._ringing = bool(np.any(self._acc))
        return np.concatenate(outs, axis=1) if outs else np.zeros((2, 0), np.float32)


def room_buses(
    hrtf: HrtfSet,
    timeline: Timeline,
    *,
    sample_rate_hz: int,
    time_offset_samples: int,
    speed_of_sound_m_s: float = SPEED_OF_SOUND_M_S,
    seed: int = 0,
) -> list[RoomBus]:
    """The buses of every non-anechoic room a track uses: one late-tail bus per room
    (position independent) and one early-reflection bus per room and placement span
    (the reflections of the span's region midpoint), each weighted by its room's and
    span's crossfaded time masks."""
    rooms = [r for r in timeline.rooms() if r != "anechoic"]
    for name in rooms:
        if name not in PRESETS:
            raise ParameterError(
                f"unknown room preset {name!r}; choose one of anechoic, {', '.join(PRESETS)}"
            )
    spans = timeline.placement_spans()
    single_room = len(timeline.rooms()) == 1
    fade = timeline.room_crossfade_s
    buses: list[RoomBus] = []
    for name in rooms:
        preset = PRESETS[name]
        room_segments = [(a, b) for a, b, r in timeline.room_segments if r == name]

        def room_weight(t: np.ndarray, name: str = name) -> np.ndarray:
            return timeline.room_weights(t)[name]

        early_energies = []
        for start, end, mid in spans:
            if not any(a - fade < end and start < b + fade for a, b in room_segments):
                continue  # this region never sounds in this room
            az, el, dist = timeline.positions([mid])
            early = early_reflections(
                preset,
                hrtf,
                azimuth_deg=float(az[0]),
                elevation_deg=float(el[0]),
                distance_m=float(dist[0]),
                speed_of_sound_m_s=speed_of_sound_m_s,
            )
            early_energies.append(_energy(early))

            def weight(
                t: np.ndarray, start: float = start, end: float = end, room_weight=room_weight
            ) -> np.ndarray:
                w = span_weight(t, start, end, fade)
                return w if single_room else w * room_weight(t)

            whole_line = single_room and len(spans) == 1
            buses.append(
                RoomBus(
                    f"{name} early",
                    early,
                    None if whole_line else weight,
                    sample_rate_hz=sample_rate_hz,
                    time_offset_samples=time_offset_samples,
                )
            )
        tail = late_tail_response(
            preset,
            hrtf,
            early_energy=float(np.mean(early_energies)) if early_energies else 0.0,
            speed_of_sound_m_s=speed_of_sound_m_s,
            seed=seed,
        )
        buses.append(
            RoomBus(
                f"{name} tail",
                tail,
                None if single_room else room_weight,
                sample_rate_hz=sample_rate_hz,
                time_offset_samples=time_offset_samples,
            )
        )
    return buses
