"""Errors of the plugin bridge, part of the engine's one hierarchy (:mod:`engine.errors`).

Every message names the plugin or file and says what the user can do about it.
"""

from __future__ import annotations

from engine.errors import EngineError, ParameterError


class PluginError(EngineError):
    """A hosted plugin could not be loaded, configured or run."""


class PluginLoadError(PluginError):
    """The plugin file is missing, not a VST3 bundle, or built for another system."""


class PluginCrashError(PluginError):
    """The plugin host process died (segfault, abort) while running a plugin."""


class PluginTimeoutError(PluginError):
    """A plugin took longer than its time limit; its host process was stopped."""


class PluginLayoutError(PluginError):
    """A plugin refuses every channel layout the bridge can route to it."""


class PluginParameterError(PluginError, ParameterError):
    """A stored parameter value is unknown to the plugin or out of its range."""


class EditorUnavailableError(PluginError):
    """A plugin editor cannot be shown (no display, or headless session)."""


class ExportError(EngineError):
    """An export could not be written; nothing half-written is left behind."""


class ProjectImportError(EngineError):
    """A DAW project cannot be imported (unknown format, unreadable, no playable audio)."""


__all__ = [
    "PluginError",
    "PluginLoadError",
    "PluginCrashError",
    "PluginTimeoutError",
    "PluginLayoutError",
    "PluginParameterError",
    "EditorUnavailableError",
    "ExportError",
    "ProjectImportError",
]
