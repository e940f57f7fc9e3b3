"""Reading mono sources and writing binaural WAV files safely.

``read_mono`` accepts anything libsndfile reads (WAV, FLAC, AIFF, OGG, MP3 with
libsndfile >= 1.1): stereo or multichannel input is downmixed (mean of channels) and other
sample rates are resampled (polyphase, scipy) -- each with a notice for the user. Files
that are unreadable, truncated, empty, or hold NaN/Inf raise :class:`AudioInputError`
naming the file. ``write_wav`` is atomic and never clips silently: 24-bit output that
would clip raises unless ``on_clip`` says to normalise or limit; the returned
:class:`WriteReport` always carries the peak.
"""

from __future__ import annotations

import math
import os
import shutil
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
import soundfile as sf
from scipy.signal import resample_poly

from engine.errors import AudioInputError, OutputError, ParameterError
from engine.scratch import clean_stale, temp_path
from engine.untrusted import require_regular_file

MAX_INPUT_DURATION_S = 4 * 3600.0
# a folder written file after file (a batch) is listed for leftovers at most this often
STALE_CLEAN_INTERVAL_S = 10.0
SUBTYPES = {"float32": "FLOAT", "pcm24": "PCM_24", "pcm16": "PCM_16"}
CLIP_POLICIES = ("error", "normalize", "limit")


@dataclass
class LoadedAudio:
    """Mono samples ``[shape=(n_samples,)]`` float32 at ``sample_rate_hz``."""

    samples: np.ndarray
    sample_rate_hz: int
    source_path: Path
    source_channels: int
    source_rate_hz: int
    notices: list[str] = field(default_factory=list)

    @property
    def duration_s(self) -> float:
        return self.samples.shape[0] / self.sample_rate_hz


def resample(audio: np.ndarray, from_rate_hz: int, to_rate_hz: int) -> np.ndarray:
    """Polyphase resampling along the last axis; float32 out."""
    if from_rate_hz == to_rate_hz:
        return audio.astype(np.float32, copy=False)
    ratio = Fraction(int(to_rate_hz), int(from_rate_hz)).limit_denominator(10_000)
    out = resample_poly(audio, ratio.numerator, ratio.denominator, axis=-1)
    return out.astype(np.float32)


def read_mono(path: str | os.PathLike, sample_rate_hz: int) -> LoadedAudio:
    """Read ``path`` as mono float32 at ``sample_rate_hz`` (downmix/resample with notices)."""
    p = require_regular_file(path, error=AudioInputError, what="audio file")
    try:
        info = sf.info(str(p))
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise AudioInputError(f"{p}: not a readable audio file ({exc})") from exc
    if info.frames <= 0 or info.samplerate <= 0:
        raise AudioInputError(f"{p}: the file holds no audio (0 samples)")
    _check_wav_not_truncated(p)
    if info.frames / info.samplerate > MAX_INPUT_DURATION_S:
        raise AudioInputError(
            f"{p}: {info.frames / info.samplerate / 3600:.1f} h is longer than the "
            f"{MAX_INPUT_DURATION_S / 3600:.0f} h limit; split the file"
        )
    try:
        data, rate = sf.read(str(p), dtype="float32", always_2d=True)
    except (sf.LibsndfileError, RuntimeError, OSError) as exc:
        raise AudioInputError(
            f"{p}: could not decode audio ({exc}); the file may be truncated"
        ) from exc
    if data.shape[0] == 0:
        raise AudioInputError(f"{p}: the file holds no audio (0 samples)")
    if data.shape[0] < info.frames * 0.99:
        raise AudioInputError(
            f"{p}: truncated file: header says {info.frames} samples, only {data.shape[0]} decoded"
        )
    if not np.all(np.isfinite(data)):
        bad = int(np.count_nonzero(~np.isfinite(data)))
        raise AudioInputError(
            f"{p}: {bad} samples are NaN or infinite; repair the file before using it"
        )
    notices = []
    channels = data.shape[1]
    mono = data.mean(axis=1) if channels > 1 else data[:, 0]
    if channels > 1:
        notices.append(f"{p.name}: {channels} channels downmixed to mono")
    if rate != sample_rate_hz:
        mono = resample(mono, rate, sample_rate_hz)
        notices.append(f"{p.name}: resampled from {rate} Hz to {sample_rate_hz} Hz")
    return LoadedAudio(
        samples=np.ascontiguousarray(mono, dtype=np.float32),
        sample_rate_hz=sample_rate_hz,
        source_path=p,
        source_channels=channels,
        source_rate_hz=rate,
        notices=notices,
    )


def _check_wav_not_truncated(path: Path) -> None:
    """Refuse a RIFF/WAVE file whose ``data`` chunk is shorter than its header says.

    libsndfile quietly reads what is there, so a half-copied file would otherwise render
    as a shorter sound without anyone noticing.
    """
    with open(path, "rb") as fh:
        head = fh.read(12)
        if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
            return
        size = path.stat().st_size
        pos = 12
        while pos + 8 <= size:
            fh.seek(pos)
            chunk = fh.read(8)
            declared = int.from_bytes(chunk[4:8], "little")
            if chunk[:4] == b"data":
                available = size - (pos + 8)
                if declared not in (0, 0xFFFFFFFF) and available < declared:
                    raise AudioInputError(
                        f"{path}: truncated file: the header promises {declared} bytes of audio, "
                        f"only {available} are there"
                    )
                return
            pos += 8 + declared + (declared & 1)


def _write_failure(exc: BaseException, path: Path) -> str:
    """Why a write failed, in words: libsndfile only says "System error" for a full disk."""
    strerror = getattr(exc, "strerror", None)
    if strerror:
        return str(strerror)
    try:
        free = shutil.disk_usage(path.parent if str(path.parent) else ".").free
    except OSError:
        return str(exc)
    if free < 64 << 20:
        return f"the disk is full: {free / 2**20:.1f} MiB free"
    return f"{exc}; is the disk full or the file too large for it?"


@dataclass(frozen=True)
class WriteReport:
    """What ``write_wav`` did: the input peak (dBFS) and any gain it applied (dB)."""

    path: Path
    peak_dbfs: float
    applied_gain_db: float
    note: str = ""


def peak_dbfs(audio: np.ndarray) -> float:
    peak = float(np.max(np.abs(audio))) if audio.size else 0.0
    return -math.inf if peak == 0 else 20 * math.log10(peak)


def soft_limit(audio: np.ndarray, ceiling: float = 0.98) -> np.ndarray:
    """Smooth limiter: unchanged below ``ceiling/2``, tanh knee above; never exceeds ``ceiling``."""
    knee = ceiling / 2
    a = np.abs(audio)
    over = a > knee
    out = audio.copy()
    out[over] = np.sign(audio[over]) * (
        knee + (ceiling - knee) * np.tanh((a[over] - knee) / (ceiling - knee))
    )
    return out.astype(np.float32)


def write_wav(
    path: str | os.PathLike,
    audio: np.ndarray,
    sample_rate_hz: int,
    *,
    bit_depth: str = "float32",
    on_clip: str = "error",
    time_reference_samples: int | None = None,
    description: str | None = None,
) -> WriteReport:
    """Write ``audio [shape=(channels, n_samples)]`` atomically as WAV.

    ``bit_depth``: ``float32``, ``pcm24`` or ``pcm16``. A peak above 0 dBFS with a PCM
    depth raises :class:`ParameterError` unless ``on_clip`` is ``normalize`` (scale the
    peak to -1 dBFS) or ``limit`` (soft limiter); float output keeps the values and the
    report notes the overshoot. ``time_reference_samples`` is written as a Broadcast
    Wave ``bext`` time reference (where the file starts on the DAW timeline);
    ``description`` (up to 255 bytes) goes into the same chunk's description.
    """
    if bit_depth not in SUBTYPES:
        raise ParameterError(f"bit_depth must be one of {list(SUBTYPES)}, got {bit_depth!r}")
    if on_clip not in CLIP_POLICIES:
        raise ParameterError(f"on_clip must be one of {CLIP_POLICIES}, got {on_clip!r}")
    audio = np.atleast_2d(np.asarray(audio, dtype=np.float32))
    if not np.all(np.isfinite(audio)):
        raise ParameterError("refusing to write audio that holds NaN or infinite samples")
    p = Path(path)
    peak = peak_dbfs(audio)
    gain_db = 0.0
    note = ""
    if peak > 0.0:
        if on_clip == "normalize":
            gain_db = -1.0 - peak
            audio = audio * np.float32(10 ** (gain_db / 20))
            note = f"normalised by {gain_db:.1f} dB (peak was {peak:+.1f} dBFS)"
        elif on_clip == "limit":
            audio = soft_limit(audio)
            note = f"limited (peak was {peak:+.1f} dBFS)"
        elif bit_depth != "float32":
            raise ParameterError(
                f"{p.name}: peak is {peak:+.1f} dBFS and would clip in {bit_depth}; "
                "lower the gain, write float32, or choose normalize/limit"
            )
        else:
            note = f"peak {peak:+.1f} dBFS is above full scale (kept: float file)"
    clean_stale(p.parent if str(p.parent) else ".", min_interval_s=STALE_CLEAN_INTERVAL_S)
    tmp = temp_path(p, ".wav")
    try:
        with sf.SoundFile(
            str(tmp), "w", sample_rate_hz, audio.shape[0], subtype=SUBTYPES[bit_depth], format="WAV"
        ) as fh:
            if time_reference_samples is not None or description is not None:
                from engine.bwf import set_time_reference

                set_time_reference(
                    fh, time_reference_samples or 0, description or "Earspace binaural"
                )
            fh.write(audio.T)
        os.replace(tmp, p)
    except (sf.LibsndfileError, OSError) as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(
            f"{p}: could not write the file ({_write_failure(exc, p)}); nothing was written"
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return WriteReport(path=p, peak_dbfs=peak, applied_gain_db=gain_db, note=note)
