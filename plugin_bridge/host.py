"""A separate process that hosts VST3 plugins, so a bad plugin never takes the app down.

(Over 500 lines on purpose: the parent's requests and the child's handlers are one pipe
protocol; kept in one module so each message's two ends are read side by side.)

Third-party plugins segfault, hang (ZamVerb takes minutes to load), corrupt the heap
(ZamHeadX2 with odd block sizes), or refuse a channel layout. :class:`PluginHost` runs
them in a child process started with ``multiprocessing``'s *spawn* method and talks to it
through a pipe; every request has a time limit. When the child dies or runs past its
limit, the request raises :class:`~plugin_bridge.errors.PluginCrashError` or
:class:`~plugin_bridge.errors.PluginTimeoutError`, the child is stopped, and the next
request starts a fresh one.

Linux traps handled here:

* JUCE makes the first thread that touches plugin hosting its *message thread*, and
  loading or resetting a plugin only works there. The child does all plugin work on its
  main thread, and never calls ``reset=True``: a chain is loaded fresh for each render and
  processed with ``reset=False`` (chunked output then equals one-shot output).
* Some plugins only work with power-of-two block sizes: ``buffer_size_frames`` must be a
  power of two, chunks are multiples of it, and the last partial chunk is zero-padded so
  every block a plugin sees is full.
* Mono-only plugins (ZamComp & co.) in a stereo chain run as two instances, one per
  channel ("dual mono"); stereo-only plugins (Dragonfly) in a mono insert chain get the
  mono signal on both inputs and their two outputs averaged ("upmix").
* Plugins print on stdout/stderr (DPF warnings); the child sends both to a log file whose
  last lines are quoted when a plugin crashes.

Example::

    with PluginHost() as host:
        info = host.describe("/usr/lib/vst3/DragonflyHallReverb.vst3")
        chain = host.open_chain([PluginSlot(path=info.path)], sample_rate_hz=48_000, num_channels=2)
        wet = host.process(chain, dry)        # dry: float32 [shape=(2, n_samples)]
        host.close_chain(chain)
"""

from __future__ import annotations

import base64
import logging
import multiprocessing
import os
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from engine.session import PluginSlot
from plugin_bridge.errors import (
    PluginCrashError,
    PluginError,
    PluginLayoutError,
    PluginLoadError,
    PluginParameterError,
    PluginTimeoutError,
)

log = logging.getLogger(__name__)

#: Parameters that DPF-based plugins (Dragonfly, Zam) expose but that are host settings,
#: not sound settings; hidden from parameter lists.
HIDDEN_PARAMETERS = frozenset({"buffer_size_frames", "sample_rate_frames"})

_ERROR_KINDS: dict[str, type[PluginError]] = {
    "load": PluginLoadError,
    "layout": PluginLayoutError,
    "parameter": PluginParameterError,
    "plugin": PluginError,
}


@dataclass(frozen=True)
class HostConfig:
    """Time limits and block sizes of a :class:`PluginHost`.

    ``load_timeout_s``: per plugin load (a healthy plugin loads in 0.1 s; ZamVerb takes
    162 s and is better bypassed than waited for). ``process_timeout_s``: per chunk of
    ``chunk_frames`` samples (about 1.4 s of audio at 48 kHz); a reverb does one in
    ~30 ms. ``start_timeout_s`` covers spawning Python and importing pedalboard on a busy
    machine. ``buffer_size_frames`` must be a power of two (ZamHeadX2 silently passes
    audio through at 480), and ``chunk_frames`` a multiple of it.
    """

    load_timeout_s: float = 60.0
    process_timeout_s: float = 30.0
    start_timeout_s: float = 60.0
    buffer_size_frames: int = 512
    chunk_frames: int = 65_536

    def __post_init__(self) -> None:
        b = self.buffer_size_frames
        if not isinstance(b, int) or b < 16 or b > 8192 or b & (b - 1):
            raise PluginParameterError(
                f"buffer_size_frames must be a power of two in 16..8192, got {b!r}; "
                "some plugins only process power-of-two blocks"
            )
        if not isinstance(self.chunk_frames, int) or self.chunk_frames < b or self.chunk_frames % b:
            raise PluginParameterError(
                f"chunk_frames must be a positive multiple of buffer_size_frames ({b}), got {self.chunk_frames!r}"
            )
        for name in ("load_timeout_s", "process_timeout_s", "start_timeout_s"):
            if not getattr(self, name) > 0:
                raise PluginParameterError(f"{name} must be > 0 s, got {getattr(self, name)!r}")


@dataclass(frozen=True)
class PluginParameter:
    """One parameter as the plugin reports it.

    ``python_name`` is the key used in :attr:`PluginSlot.parameters`; ``units`` is the
    plugin's unit label (``"s"``, ``"Hz"``, ``"%"``; may be empty). ``valid_values`` is
    set for switches and choice lists (``kind`` ``"bool"`` or ``"str"``).
    """

    python_name: str
    name: str
    kind: str
    value: float | bool | str
    min_value: float | None = None
    max_value: float | None = None
    units: str = ""
    valid_values: tuple[Any, ...] = ()


@dataclass(frozen=True)
class PluginDescription:
    """What a loaded plugin says about itself."""

    path: str
    name: str
    vendor: str
    category: str
    version: str
    is_instrument: bool
    latency_samples: int
    parameters: tuple[PluginParameter, ...] = ()
    bundle_plugin_names: tuple[str, ...] = ()
    uid: str = ""  # the plugin's own unique identifier (pedalboard ``identifier``)

    def parameter(self, python_name: str) -> PluginParameter:
        for p in self.parameters:
            if p.python_name == python_name:
                return p
        raise PluginParameterError(
            f"{self.name}: no parameter {python_name!r}; known: {', '.join(p.python_name for p in self.parameters)}"
        )


@dataclass(frozen=True)
class ChainHandle:
    """A chain loaded in the host: its id and how each active plugin is routed."""

    chain_id: int
    num_channels: int
    sample_rate_hz: int
    routes: tuple[tuple[str, str], ...] = field(default=())  # (plugin name, route)
    latency_samples: int = 0


def slot_label(slot: PluginSlot) -> str:
    """``'Name' (path)`` for messages."""
    return f"{slot.name!r} ({slot.path})" if slot.name else str(slot.path)


class PluginHost:
    """A plugin host child process; thread-safe (requests are serialised).

    Start is lazy (first request). Use as a context manager or call :meth:`close`.
    """

    def __init__(self, config: HostConfig | None = None) -> None:
        self.config = config or HostConfig()
        self._lock = threading.RLock()
        self._proc: Any = None
        self._conn: Any = None
        self._log_path: Path | None = None
        self._next_chain_id = 1
        self._pedalboard_version = ""

    # ------------------------------------------------------------------ lifecycle
    def __enter__(self) -> PluginHost:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def is_running(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    @property
    def pid(self) -> int | None:
        return None if self._proc is None else self._proc.pid

    def start(self) -> None:
        """Spawn the child and wait until it has imported pedalboard."""
        with self._lock:
            if self.is_running:
                return
            self._stop()
            if self._log_path is not None:  # the log of a crashed host was already quoted
                self._log_path.unlink(missing_ok=True)
            ctx = multiprocessing.get_context("spawn")
            parent_conn, child_conn = ctx.Pipe()
            fd, log_name = tempfile.mkstemp(prefix="earspace-plugins-", suffix=".log")
            os.close(fd)
            self._log_path = Path(log_name)
            proc = ctx.Process(
                target=_child_main,
                args=(child_conn, log_name),
                name="earspace-plugin-host",
                daemon=True,
            )
            proc.start()
            child_conn.close()
            self._proc, self._conn = proc, parent_conn
            reply = self._receive(
                "start", self.config.start_timeout_s, what="starting the plugin host"
            )
            if reply[0] != "ready":
                self._stop()
                raise PluginError(f"plugin host failed to start: {reply[-1]}")
            self._pedalboard_version = str(reply[1])
            log.debug(
                "plugin host pid %s ready (pedalboard %s)", proc.pid, self._pedalboard_version
            )

    def close(self) -> None:
        """Ask the child to quit (kill it if it does not) and remove its log."""
        with self._lock:
            if self.is_running:
                try:
                    self._conn.send(("quit", None))
                    self._proc.join(timeout=5.0)
                except (OSError, EOFError, BrokenPipeError):
                    pass
            self._stop()
            if self._log_path is not None:
                self._log_path.unlink(missing_ok=True)
                self._log_path = None

    def _stop(self) -> None:
        if self._proc is not None:
            if self._proc.is_alive():
                self._proc.kill()
            self._proc.join(timeout=5.0)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    # ------------------------------------------------------------------ requests
    def describe(
        self, path: str | os.PathLike, plugin_name: str | None = None
    ) -> PluginDescription:
        """Load a plugin and report its name, vendor and parameters (ranges, units, values)."""
        d = self._request(
            "describe", {"path": str(path), "plugin_name": plugin_name}, self.config.load_timeout_s
        )
        params = tuple(PluginParameter(**p) for p in d.pop("parameters"))
        return PluginDescription(parameters=params, **d)

    def bundle_plugin_names(self, path: str | os.PathLike) -> tuple[str, ...]:
        """Names of the plugins in a (possibly multi-plugin) VST3 bundle."""
        return tuple(self._request("names", {"path": str(path)}, self.config.load_timeout_s))

    def capture_state(self, slot: PluginSlot) -> PluginSlot:
        """Load ``slot`` and return it with every visible parameter value and ``state_b64``.

        Both are stored because some plugins ignore a restored raw state (Dragonfly 3.2.10
        keeps its defaults when ``raw_state`` is assigned); parameters are applied after
        the state on load, so they win.
        """
        reply = self._request("state", {"slot": slot.to_dict()}, self.config.load_timeout_s)
        return replace(slot, parameters=reply["parameters"], state_b64=reply["state_b64"])

    def open_chain(
        self, slots: Sequence[PluginSlot], *, sample_rate_hz: int, num_channels: int
    ) -> ChainHandle:
        """Load the non-bypassed ``slots`` for ``num_channels`` (1 or 2) at ``sample_rate_hz``."""
        if num_channels not in (1, 2):
            raise PluginLayoutError(
                f"chains are mono (1) or stereo (2), got {num_channels} channels"
            )
        active = [s.to_dict() for s in slots if not s.bypass]
        with self._lock:
            chain_id = self._next_chain_id
            self._next_chain_id += 1
            reply = self._request(
                "open",
                {
                    "chain_id": chain_id,
                    "slots": active,
                    "sample_rate_hz": int(sample_rate_hz),
                    "num_channels": num_channels,
                    "buffer_size_frames": self.config.buffer_size_frames,
                },
                self.config.load_timeout_s * max(1, len(active)),
            )
        return ChainHandle(
            chain_id,
            num_channels,
            int(sample_rate_hz),
            tuple(tuple(r) for r in reply["routes"]),
            int(reply["latency_samples"]),
        )

    def process(self, chain: ChainHandle, audio: np.ndarray) -> np.ndarray:
        """Run one chunk ``[shape=(channels, n)]`` through ``chain``, keeping plugin state.

        Successive calls continue the stream (``reset=False``). ``n`` must be a multiple
        of ``buffer_size_frames`` except for the last chunk of a stream. The plugins'
        reported latency is removed from the start of the stream, so the first chunk
        returns ``chain.latency_samples`` fewer samples (call :meth:`flush` at the end);
        :func:`plugin_bridge.chains.render_chain` does this bookkeeping.
        """
        x = np.ascontiguousarray(audio, dtype=np.float32)
        if x.ndim != 2 or x.shape[0] != chain.num_channels:
            raise PluginLayoutError(
                f"chain {chain.chain_id} expects ({chain.num_channels}, n) float32 audio, got shape {x.shape}"
            )
        scale = max(1.0, x.shape[1] / self.config.chunk_frames)
        out = self._request(
            "process",
            {"chain_id": chain.chain_id, "audio": x},
            self.config.process_timeout_s * scale,
        )
        return np.asarray(out, dtype=np.float32)

    def flush(self, chain: ChainHandle, frames: int) -> np.ndarray:
        """Feed ``frames`` of silence (rounded up to whole blocks) after the stream and
        return the output (the latency-delayed end of the stream, then the plugins' tail)."""
        scale = max(1.0, frames / self.config.chunk_frames)
        out = self._request(
            "process",
            {"chain_id": chain.chain_id, "audio": None, "flush_frames": int(frames)},
            self.config.process_timeout_s * scale,
        )
        return np.asarray(out, dtype=np.float32)

    def close_chain(self, chain: ChainHandle) -> None:
        """Free the plugins of ``chain`` (no-op when the host has restarted since)."""
        with self._lock:
            if self.is_running:
                self._request("close", {"chain_id": chain.chain_id}, self.config.load_timeout_s)

    # ------------------------------------------------------------------ plumbing
    def _request(self, op: str, payload: Any, timeout_s: float) -> Any:
        with self._lock:
            what = _describe_request(op, payload)
            if op == "process" and self._proc is not None and not self._proc.is_alive():
                # the host died between two chunks of a stream (a plugin crashed it): the
                # chain's state is gone, so say so instead of starting a fresh host
                raise self._crashed(what)
            self.start()
            try:
                self._conn.send((op, payload))
            except (OSError, BrokenPipeError) as exc:
                raise self._crashed(what) from exc
            reply = self._receive(op, timeout_s, what=what)
        if reply[0] == "ok":
            return reply[1]
        _, kind, message = reply
        raise _ERROR_KINDS.get(kind, PluginError)(message)

    def _receive(self, op: str, timeout_s: float, *, what: str) -> Any:
        deadline = time.monotonic() + timeout_s
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                tail = self._log_tail()
                self._stop()
                raise PluginTimeoutError(
                    f"{what} took longer than {timeout_s:.0f} s; the plugin host was stopped. "
                    f"Remove the plugin from the chain or raise the time limit.{tail}"
                )
            try:
                if self._conn.poll(min(remaining, 0.5)):
                    return self._conn.recv()
            except (EOFError, OSError) as exc:
                raise self._crashed(what) from exc
            if not self._proc.is_alive():
                raise self._crashed(what)

    def _crashed(self, what: str) -> PluginCrashError:
        proc = self._proc
        if proc is not None:
            proc.join(timeout=5.0)
        code = None if proc is None else proc.exitcode
        tail = self._log_tail()
        self._stop()
        how = f"exit code {code}"
        if code is not None and code < 0:
            import signal

            try:
                how = f"signal {-code} ({signal.Signals(-code).name})"
            except ValueError:
                how = f"signal {-code}"
        return PluginCrashError(
            f"the plugin host crashed ({how}) while {what}; Earspace itself is unaffected. "
            f"Remove or replace the plugin.{tail}"
        )

    def _log_tail(self, max_lines: int = 5) -> str:
        if self._log_path is None or not self._log_path.exists():
            return ""
        try:
            lines = [
                ln for ln in self._log_path.read_text(errors="replace").splitlines() if ln.strip()
            ]
        except OSError:
            return ""
        lines = [ln for ln in lines if "DPF warning" not in ln][-max_lines:]
        return (" Plugin output: " + " | ".join(lines)) if lines else ""


def _describe_request(op: str, payload: Any) -> str:
    if op in ("describe", "names"):
        return f"loading plugin {payload['path']}"
    if op == "state":
        return f"loading plugin {slot_label(PluginSlot(**payload['slot']))}"
    if op == "open":
        names = ", ".join(slot_label(PluginSlot(**s)) for s in payload["slots"])
        return f"loading the chain [{names}]"
    if op == "process":
        return f"processing audio in chain {payload['chain_id']}"
    return op


# ============================================================================ child side
# Everything below runs in the child process, on its main thread (JUCE's message thread).


class _ChildError(Exception):
    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def _child_main(conn: Any, log_path: str) -> None:
    """Child entry point: redirect noisy plugin output, import pedalboard, serve requests."""
    try:
        fd = os.open(log_path, os.O_WRONLY | os.O_APPEND)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.close(fd)
    except OSError:
        pass
    try:
        import pedalboard
    except ImportError as exc:
        conn.send(
            (
                "error",
                "load",
                f"pedalboard is not installed ({exc}); install Earspace's plugins extra",
            )
        )
        return
    conn.send(("ready", pedalboard.__version__))
    server = _ChildServer()
    while True:
        try:
            op, payload = conn.recv()
        except (EOFError, OSError):
            return
        if op == "quit":
            return
        try:
            result = server.handle(op, payload)
            conn.send(("ok", result))
        except _ChildError as exc:
            conn.send(("error", exc.kind, str(exc)))
        except Exception as exc:  # a plugin raised something unexpected: report, keep serving
            conn.send(("error", "plugin", f"{type(exc).__name__}: {exc}"))


@dataclass
class _Stage:
    label: str
    route: str
    plugins: list[Any]


@dataclass
class _Chain:
    sample_rate_hz: int
    num_channels: int
    buffer_size_frames: int
    stages: list[_Stage]
    latency_samples: int = 0
    to_drop: int = 0


class _ChildServer:
    def __init__(self) -> None:
        self.chains: dict[int, _Chain] = {}

    def handle(self, op: str, payload: dict[str, Any]) -> Any:
        if op == "describe":
            return self.describe(payload["path"], payload.get("plugin_name"))
        if op == "names":
            return list(_bundle_names(payload["path"]))
        if op == "state":
            plugin = _load_slot(PluginSlot(**payload["slot"]))
            return {
                "state_b64": base64.b64encode(bytes(plugin.raw_state)).decode("ascii"),
                "parameters": _parameter_values(plugin),
            }
        if op == "open":
            return self.open(payload)
        if op == "process":
            return self.process(
                payload["chain_id"], payload["audio"], payload.get("flush_frames", 0)
            )
        if op == "close":
            self.chains.pop(payload["chain_id"], None)
            return None
        raise _ChildError("plugin", f"unknown request {op!r}")

    def describe(self, path: str, plugin_name: str | None) -> dict[str, Any]:
        names = _bundle_names(path)
        plugin = _load_plugin(path, plugin_name if plugin_name in names else None)
        params = []
        for python_name, prm in plugin.parameters.items():
            if python_name in HIDDEN_PARAMETERS:
                continue
            raw = getattr(plugin, python_name)
            kind = prm.type.__name__ if isinstance(prm.type, type) else str(prm.type)
            value: float | bool | str
            if kind == "bool" or isinstance(raw, bool):
                kind, value = "bool", bool(raw)
            elif kind == "float":
                value = float(raw)
            else:
                kind, value = "str", str(raw)
            valid = (
                tuple(prm.valid_values) if kind != "float" and len(prm.valid_values) <= 256 else ()
            )
            params.append(
                {
                    "python_name": python_name,
                    "name": str(prm.name),
                    "kind": kind,
                    "value": value,
                    "min_value": None if prm.min_value is None else float(prm.min_value),
                    "max_value": None if prm.max_value is None else float(prm.max_value),
                    "units": str(prm.label or ""),
                    "valid_values": valid,
                }
            )
        return {
            "path": str(path),
            "name": str(plugin.name),
            "vendor": str(plugin.manufacturer_name),
            "uid": str(getattr(plugin, "identifier", "") or ""),
            "category": str(plugin.category),
            "version": str(plugin.version),
            "is_instrument": bool(plugin.is_instrument),
            "latency_samples": int(plugin.reported_latency_samples),
            "parameters": params,
            "bundle_plugin_names": tuple(names),
        }

    def open(self, payload: dict[str, Any]) -> dict[str, Any]:
        channels = payload["num_channels"]
        sr, block = payload["sample_rate_hz"], payload["buffer_size_frames"]
        stages = []
        for slot_dict in payload["slots"]:
            slot = PluginSlot(**slot_dict)
            plugin = _load_slot(slot)
            label = str(plugin.name)
            if _accepts(plugin, channels, sr, block):
                stages.append(_Stage(label, "native", [plugin]))
            elif channels == 1 and _accepts(plugin, 2, sr, block):
                stages.append(_Stage(label, "upmix", [plugin]))
            elif channels == 2 and _accepts(plugin, 1, sr, block):
                stages.append(_Stage(label, "dual-mono", [plugin, _load_slot(slot)]))
            else:
                raise _ChildError(
                    "layout",
                    f"plugin {label!r} ({slot.path}) accepts neither mono nor stereo audio; "
                    "remove it from the chain",
                )
        latency = sum(int(st.plugins[0].reported_latency_samples) for st in stages)
        self.chains[payload["chain_id"]] = _Chain(sr, channels, block, stages, latency, latency)
        return {"routes": [(st.label, st.route) for st in stages], "latency_samples": latency}

    def process(self, chain_id: int, audio: np.ndarray | None, flush_frames: int = 0) -> np.ndarray:
        """Process a chunk (or ``flush_frames`` of silence) and return the output with the
        chain's reported latency removed from the start of the stream: the first call
        returns ``latency`` samples fewer than it was given, a flush returns the rest."""
        chain = self.chains.get(chain_id)
        if chain is None:
            raise _ChildError(
                "plugin", f"chain {chain_id} is not loaded (the plugin host restarted?)"
            )
        if audio is None:
            audio = np.zeros((chain.num_channels, flush_frames), np.float32)
        n = audio.shape[1]
        block = chain.buffer_size_frames
        padded = -(-n // block) * block
        x = audio if padded == n else np.pad(audio, ((0, 0), (0, padded - n)))
        x = np.ascontiguousarray(x, dtype=np.float32)
        sr = chain.sample_rate_hz
        for stage in chain.stages:
            try:
                if stage.route == "native":
                    x = stage.plugins[0].process(x, sr, buffer_size=block, reset=False)
                elif stage.route == "upmix":
                    y = stage.plugins[0].process(
                        np.repeat(x, 2, axis=0), sr, buffer_size=block, reset=False
                    )
                    x = y.mean(axis=0, keepdims=True)
                else:  # dual-mono
                    x = np.concatenate(
                        [
                            p.process(x[i : i + 1], sr, buffer_size=block, reset=False)
                            for i, p in enumerate(stage.plugins)
                        ]
                    )
            except (ValueError, RuntimeError) as exc:
                raise _ChildError(
                    "plugin", f"plugin {stage.label!r} failed to process audio: {exc}"
                ) from exc
            x = np.ascontiguousarray(x, dtype=np.float32)
            if not np.all(np.isfinite(x)):
                raise _ChildError(
                    "plugin", f"plugin {stage.label!r} produced NaN or infinite samples"
                )
        if chain.to_drop:
            k = min(chain.to_drop, x.shape[1])
            x = x[:, k:]
            chain.to_drop -= k
        return x


def _parameter_values(plugin: Any) -> dict[str, float | bool | str]:
    values: dict[str, float | bool | str] = {}
    for python_name, prm in plugin.parameters.items():
        if python_name in HIDDEN_PARAMETERS:
            continue
        raw = getattr(plugin, python_name)
        if isinstance(raw, bool) or prm.type is bool:
            values[python_name] = bool(raw)
        elif prm.type is float:
            values[python_name] = float(raw)
        else:
            values[python_name] = str(raw)
    return values


def _accepts(plugin: Any, channels: int, sample_rate_hz: int, block: int) -> bool:
    """Probe with an empty block: the layout check runs, no audio state changes."""
    try:
        plugin.process(
            np.zeros((channels, 0), np.float32), sample_rate_hz, buffer_size=block, reset=False
        )
        return True
    except ValueError:
        return False


def _bundle_names(path: str) -> list[str]:
    import pedalboard

    _check_path(path)
    try:
        return list(pedalboard.VST3Plugin.get_plugin_names_for_file(path))
    except (ImportError, RuntimeError) as exc:
        raise _ChildError("load", _load_failure_message(path, exc)) from exc


def _check_path(path: str) -> None:
    p = Path(path)
    if not p.exists():
        raise _ChildError(
            "load",
            f"plugin file {path} not found; reinstall the plugin or remove it from the chain",
        )
    if p.suffix.lower() != ".vst3":
        raise _ChildError(
            "load", f"{path} is not a VST3 plugin (.vst3 bundle); only VST3 can be hosted on Linux"
        )


def _load_failure_message(path: str, exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    hint = ""
    so_dir = Path(path) / "Contents" / "x86_64-linux"
    if so_dir.is_dir():
        hint = f" Check its libraries with: ldd {so_dir}/*.so | grep 'not found'"
    return f"could not load plugin {path}: {text}.{hint}"


def _load_plugin(path: str, plugin_name: str | None) -> Any:
    import pedalboard

    _check_path(path)
    try:
        plugin = pedalboard.load_plugin(path, plugin_name=plugin_name)
    except (ImportError, RuntimeError, ValueError) as exc:
        raise _ChildError("load", _load_failure_message(path, exc)) from exc
    return plugin


def _load_slot(slot: PluginSlot) -> Any:
    names = _bundle_names(slot.path)
    plugin = _load_plugin(slot.path, slot.name if (len(names) > 1 and slot.name in names) else None)
    label = f"{plugin.name!r} ({slot.path})"
    if bool(getattr(plugin, "is_instrument", False)):
        raise _ChildError(
            "load", f"plugin {label} is an instrument; only effects can be used in a chain"
        )
    if slot.state_b64:
        try:
            plugin.raw_state = base64.b64decode(slot.state_b64)
        except (ValueError, RuntimeError) as exc:
            raise _ChildError(
                "parameter", f"plugin {label}: stored state was rejected ({exc})"
            ) from exc
    for key, value in slot.parameters.items():
        if key not in plugin.parameters:
            raise _ChildError(
                "parameter",
                f"plugin {label} has no parameter {key!r}; the plugin version may have changed",
            )
        try:
            setattr(plugin, key, value)
        except (ValueError, TypeError) as exc:
            raise _ChildError("parameter", f"plugin {label}: {exc}") from exc
    return plugin


__all__ = [
    "HIDDEN_PARAMETERS",
    "HostConfig",
    "PluginParameter",
    "PluginDescription",
    "ChainHandle",
    "PluginHost",
    "slot_label",
]
