"""One small error hierarchy; every message names the bad value and says what to do."""


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class ParameterError(EngineError, ValueError):
    """A caller passed a value that is out of range or of the wrong kind."""


class AudioInputError(EngineError):
    """An audio file could not be read or holds unusable samples (NaN, empty, ...)."""


class SessionError(EngineError):
    """A session file is corrupt, has a bad field, or describes an impossible scene."""


class HrtfError(EngineError):
    """An HRTF (SOFA) file is missing, unreadable, or has an unsupported layout."""


class OutputError(EngineError):
    """An output file could not be written (disk full, no permission); nothing was left
    half-written."""


class RenderCancelled(EngineError):
    """A render was cancelled through its cancel event; nothing was written."""
