"""The queue of audio files the app reads in the background (Qt-free).

Two kinds of job: :attr:`LoadKind.ADD` (files the user adds become tracks once read) and
:attr:`LoadKind.SESSION` (a session was opened; its tracks' audio is read for the lanes).
A job carries the session *generation* it was queued for: opening another session bumps
the generation, so the late result of an older session's job is not reported as if it
belonged to the new one. :func:`read_job` is what runs in the worker thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from desktop.audio_library import AudioLibrary, TrackAudio
from engine.api import AudioInputError


class LoadKind(Enum):
    ADD = "add"
    SESSION = "session"


@dataclass(frozen=True)
class LoadJob:
    kind: LoadKind
    paths: tuple[Path, ...]
    sample_rate_hz: int
    generation: int


@dataclass(frozen=True)
class LoadedFile:
    """One file of a job: its audio, or the reason it could not be read."""

    path: Path
    item: TrackAudio | None
    error: str = ""


@dataclass(frozen=True)
class LoadOutcome:
    job: LoadJob
    files: tuple[LoadedFile, ...]

    @property
    def readable(self) -> list[LoadedFile]:
        return [f for f in self.files if f.item is not None]

    @property
    def failed(self) -> list[LoadedFile]:
        return [f for f in self.files if f.item is None]

    @property
    def new_tracks(self) -> list[tuple[str, Path]]:
        """``(track name, absolute path)`` for every readable file (``ADD`` jobs)."""
        return [(f.path.stem, f.path.resolve()) for f in self.readable]

    @property
    def notices(self) -> list[str]:
        """What reading changed (downmix, resampling), one line per change."""
        return [n for f in self.readable if f.item is not None for n in f.item.audio.notices]


@dataclass
class LoadQueue:
    """First in, first out; ``generation`` counts opened sessions."""

    generation: int = 0
    _jobs: list[LoadJob] = field(default_factory=list)

    def push(self, kind: LoadKind, paths: list[Path], sample_rate_hz: int) -> LoadJob:
        job = LoadJob(kind, tuple(Path(p) for p in paths), int(sample_rate_hz), self.generation)
        self._jobs.append(job)
        return job

    def pop(self) -> LoadJob | None:
        return self._jobs.pop(0) if self._jobs else None

    def new_session(self) -> None:
        """A session was opened or created: older session jobs are now stale."""
        self.generation += 1

    def is_current(self, job: LoadJob) -> bool:
        return job.generation == self.generation

    def __len__(self) -> int:
        return len(self._jobs)


def read_job(
    library: AudioLibrary,
    job: LoadJob,
    progress: Callable[[float, str], None] | None = None,
) -> LoadOutcome:
    """Read every file of ``job`` through ``library`` (worker thread); never raises for
    unreadable audio: the file's error is kept in the outcome."""
    files = []
    for i, path in enumerate(job.paths):
        if progress is not None:
            progress(i / max(len(job.paths), 1), f"reading {path.name}")
        try:
            files.append(LoadedFile(path, library.load(path, job.sample_rate_hz)))
        except AudioInputError as exc:
            files.append(LoadedFile(path, None, str(exc)))
    return LoadOutcome(job, tuple(files))
