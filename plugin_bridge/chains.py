"""Insert and master chains: run a session's plugin chains on audio, never failing a render.

A track's *insert chain* runs on its mono audio before spatialisation; the session's
*master chain* runs on the binaural mix after it. :func:`render_chain` streams audio
through the plugin host in chunks (``reset=False``, so the result equals a one-shot
render; latency that plugins report is removed, so the output stays aligned); when any plugin in the chain cannot load, refuses the layout, crashes or hangs,
the whole chain is bypassed (the input comes back unchanged) and a message says which
plugin failed and what to do. :class:`SessionChains` only loads plugins found in the
plugin folders (:class:`~plugin_bridge.registry.PluginRegistry`); a chain naming any other
plugin is bypassed before anything is loaded, with a message naming the plugin and how
to allow it.

:func:`session_hooks` builds the ``insert_hook`` / ``master_hook`` callables that
``engine.render_session.render_session`` calls, plus the live list the hooks append their
messages to::

    insert_hook, master_hook, messages = session_hooks(session)
    result = render_session(session, insert_hook=insert_hook, master_hook=master_hook)
    notices = result.notices + messages
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from engine.errors import RenderCancelled
from engine.hooks import InsertHook, MasterHook
from engine.progress import ProgressCallback, check_cancel
from engine.session import PluginSlot, Session, Track
from plugin_bridge.errors import PluginError, PluginParameterError
from plugin_bridge.host import HostConfig, PluginDescription, PluginHost
from plugin_bridge.registry import PluginRegistry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChainRender:
    """Output of :func:`render_chain`: audio shaped like the input, whether the chain was
    bypassed because of a failure, and messages for the user."""

    audio: np.ndarray
    bypassed: bool
    messages: tuple[str, ...] = ()


def with_parameter(
    slot: PluginSlot, description: PluginDescription, python_name: str, value: float | bool | str
) -> PluginSlot:
    """A copy of ``slot`` with one parameter set, checked against the plugin's reported
    range or choices (:meth:`PluginHost.describe`); the session stores the result."""
    param = description.parameter(python_name)
    if param.kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise PluginParameterError(
                f"{description.name}: {python_name} takes a number, got {value!r}"
            )
        lo, hi = param.min_value, param.max_value
        if (lo is not None and value < lo) or (hi is not None and value > hi):
            raise PluginParameterError(
                f"{description.name}: {python_name}={value!r} is outside {lo:g}..{hi:g} {param.units}".rstrip()
            )
        value = float(value)
    elif param.valid_values and value not in param.valid_values:
        raise PluginParameterError(
            f"{description.name}: {python_name}={value!r} is not one of {list(param.valid_values)}"
        )
    parameters = {**slot.parameters, python_name: value}
    return replace(slot, parameters=parameters)


def active_slots(slots: Sequence[PluginSlot]) -> tuple[PluginSlot, ...]:
    return tuple(s for s in slots if not s.bypass)


def render_chain(
    slots: Sequence[PluginSlot],
    audio: np.ndarray,
    sample_rate_hz: int,
    *,
    host: PluginHost,
    label: str = "plugin chain",
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
) -> ChainRender:
    """Run ``audio`` (mono ``[shape=(n,)]`` or ``[shape=(channels, n)]``, 1 or 2 channels)
    through the non-bypassed ``slots``, chunk by chunk.

    Returns the input unchanged when every slot is bypassed, or (with ``bypassed=True``
    and a message) when a plugin fails. Cancelling raises :class:`RenderCancelled`.
    """
    x = np.asarray(audio, dtype=np.float32)
    mono_1d = x.ndim == 1
    x2 = x[None, :] if mono_1d else x
    slots = active_slots(slots)
    if not slots or x2.shape[1] == 0:
        return ChainRender(x, False)
    chunk = host.config.chunk_frames
    n = x2.shape[1]
    try:
        chain = host.open_chain(slots, sample_rate_hz=sample_rate_hz, num_channels=x2.shape[0])
        try:
            out = np.zeros_like(x2)
            cursor = 0  # output samples written (latency-compensated)

            def take(y: np.ndarray) -> None:
                nonlocal cursor
                m = min(y.shape[1], n - cursor)
                out[:, cursor : cursor + m] = y[:, :m]
                cursor += m

            for start in range(0, n, chunk):
                check_cancel(cancel)
                stop = min(start + chunk, n)
                take(host.process(chain, x2[:, start:stop]))
                if progress is not None:
                    progress(stop / n, f"{label}: {stop / sample_rate_hz:.1f} s")
            while cursor < n:  # plugin latency: the stream's end is still inside the plugins
                check_cancel(cancel)
                before = cursor
                take(host.flush(chain, n - cursor))
                if cursor == before:
                    raise PluginError(
                        f"{label}: the plugins returned no audio while flushing their latency"
                    )
        finally:
            if host.is_running:
                try:
                    host.close_chain(chain)
                except PluginError:
                    pass
    except RenderCancelled:
        raise
    except PluginError as exc:
        message = f"{label} bypassed: {exc}"
        log.warning(message)
        return ChainRender(x, True, (message,))
    messages = tuple(
        f"{label}: {name} runs as {route}" for name, route in chain.routes if route != "native"
    )
    if chain.latency_samples:
        messages += (f"{label}: {chain.latency_samples} samples of plugin latency compensated",)
    return ChainRender(out[0] if mono_1d else out, False, messages)


class SessionChains:
    """Runs a session's chains in one plugin host; owns the host unless one is given.

    ``insert`` and ``master`` have the signatures of render_session's hooks. Messages
    (bypassed chains, re-routed plugins) are appended to :attr:`messages`, without
    repeats. The owned host stops when this object is garbage-collected or :meth:`close`d.
    ``registry`` says which plugins may load (default: the standard and user plugin
    folders, listed when the first active chain runs).
    """

    def __init__(
        self,
        session: Session,
        *,
        host: PluginHost | None = None,
        config: HostConfig | None = None,
        use_master_chain: bool = True,
        registry: PluginRegistry | None = None,
    ) -> None:
        self.master_chain = session.master_chain if use_master_chain else ()
        self._registry = registry
        self.messages: list[str] = []
        self._own_host = host is None
        self._host = host or PluginHost(config)
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, self._host.close) if self._own_host else None

    def close(self) -> None:
        if self._finalizer is not None:
            self._finalizer()

    def _note(self, messages: Sequence[str]) -> None:
        with self._lock:
            for m in messages:
                if m not in self.messages:
                    self.messages.append(m)

    def _admit(
        self, slots: Sequence[PluginSlot], label: str
    ) -> tuple[tuple[PluginSlot, ...], str | None]:
        with self._lock:
            if self._registry is None:
                self._registry = PluginRegistry.discover()
            registry = self._registry
        return registry.admit(slots, label)

    def _run(self, slots: Sequence[PluginSlot], audio: np.ndarray, rate: int, label: str):
        admitted, refusal = self._admit(slots, label)
        if refusal is not None:
            log.warning(refusal)
            self._note([refusal])
            return audio
        result = render_chain(admitted, audio, rate, host=self._host, label=label)
        self._note(result.messages)
        return result.audio

    def insert(self, track: Track, mono: np.ndarray, sample_rate_hz: int) -> np.ndarray:
        """Insert hook: ``mono [shape=(n,)]`` -> ``[shape=(n,)]``."""
        if not active_slots(track.insert_chain):
            return mono
        return self._run(
            track.insert_chain, mono, sample_rate_hz, f"Track {track.name!r} insert chain"
        )

    def master(self, mix: np.ndarray, sample_rate_hz: int) -> np.ndarray:
        """Master hook: ``mix [shape=(2, n)]`` -> ``[shape=(2, n)]``."""
        if not active_slots(self.master_chain):
            return mix
        return self._run(self.master_chain, mix, sample_rate_hz, "Master chain")


def session_hooks(
    session: Session,
    *,
    host: PluginHost | None = None,
    config: HostConfig | None = None,
    use_master_chain: bool = True,
    registry: PluginRegistry | None = None,
) -> tuple[InsertHook, MasterHook, list[str]]:
    """``(insert_hook, master_hook, messages)`` for ``render_session`` from the session's chains.

    No process starts until a chain with an active plugin runs. ``messages`` is filled
    while the hooks run (read it after the render).
    """
    chains = SessionChains(
        session, host=host, config=config, use_master_chain=use_master_chain, registry=registry
    )
    return chains.insert, chains.master, chains.messages


__all__ = [
    "ChainRender",
    "SessionChains",
    "active_slots",
    "render_chain",
    "session_hooks",
    "with_parameter",
]
