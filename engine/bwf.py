"""Broadcast Wave (``bext``) time reference through libsndfile's command interface.

pysoundfile has no bext API; libsndfile does (``SFC_SET_BROADCAST_INFO``). This module
declares libsndfile's ``SF_BROADCAST_INFO`` struct and must be called on an open
``soundfile.SoundFile`` in write mode *before* any frames are written.
"""

from __future__ import annotations

import ctypes

import soundfile as sf

from engine.errors import EngineError

SFC_GET_BROADCAST_INFO = 0x10F0
SFC_SET_BROADCAST_INFO = 0x10F1


class SfBroadcastInfo(ctypes.Structure):
    """libsndfile's ``SF_BROADCAST_INFO`` (coding history of 256 bytes)."""

    _fields_ = [
        ("description", ctypes.c_char * 256),
        ("originator", ctypes.c_char * 32),
        ("originator_reference", ctypes.c_char * 32),
        ("origination_date", ctypes.c_char * 10),
        ("origination_time", ctypes.c_char * 8),
        ("time_reference_low", ctypes.c_uint32),
        ("time_reference_high", ctypes.c_uint32),
        ("version", ctypes.c_short),
        ("umid", ctypes.c_char * 64),
        ("loudness_value", ctypes.c_int16),
        ("loudness_range", ctypes.c_int16),
        ("max_true_peak_level", ctypes.c_int16),
        ("max_momentary_loudness", ctypes.c_int16),
        ("max_short_term_loudness", ctypes.c_int16),
        ("reserved", ctypes.c_char * 180),
        ("coding_history_size", ctypes.c_uint32),
        ("coding_history", ctypes.c_char * 256),
    ]


def set_time_reference(
    fh: sf.SoundFile, time_reference_samples: int, description: str = "Earspace binaural"
) -> None:
    """Stamp ``fh`` (open for writing, nothing written yet) with a bext time reference."""
    ref = int(time_reference_samples)
    info = SfBroadcastInfo(
        description=description.encode()[:255],
        originator=b"Earspace",
        time_reference_low=ref & 0xFFFFFFFF,
        time_reference_high=ref >> 32,
        version=1,
    )
    buf = bytearray(bytes(info))
    ok = sf._snd.sf_command(fh._file, SFC_SET_BROADCAST_INFO, sf._ffi.from_buffer(buf), len(buf))
    if ok != 1:
        raise EngineError(f"libsndfile refused the Broadcast Wave header for {fh.name}")


def _read_info(path: str) -> SfBroadcastInfo | None:
    with sf.SoundFile(path) as fh:
        buf = bytearray(ctypes.sizeof(SfBroadcastInfo))
        ok = sf._snd.sf_command(
            fh._file, SFC_GET_BROADCAST_INFO, sf._ffi.from_buffer(buf), len(buf)
        )
        return SfBroadcastInfo.from_buffer(buf) if ok == 1 else None


def read_time_reference(path: str) -> int | None:
    """The bext time reference of a WAV file in samples, or ``None`` if it has none."""
    info = _read_info(path)
    if info is None:
        return None
    return (int(info.time_reference_high) << 32) | int(info.time_reference_low)


def read_description(path: str) -> str | None:
    """The bext description of a WAV file, or ``None`` if it has no bext chunk."""
    info = _read_info(path)
    return None if info is None else info.description.decode(errors="replace")
