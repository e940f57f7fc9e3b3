"""Head tracking over OSC (``python-osc``, UDP).

Addresses (``ADDRESS_PRESETS``; the ``"any"`` preset accepts all of them):

* Earspace: ``/earspace/head/ypr f f f`` (yaw, pitch, roll in degrees, see
  :mod:`engine.live.head`), ``/earspace/head/quaternion f f f f`` (w, x, y, z),
  ``/earspace/head/recentre``.
* IEM SceneRotator: ``/SceneRotator/ypr f f f``, ``/SceneRotator/quaternions f f f f``,
  ``/SceneRotator/yaw f`` (and ``/pitch``, ``/roll``).

Trackers disagree on signs; :class:`TrackerSettings` inverts any axis (for quaternions
the orientation is converted to yaw/pitch/roll, inverted, and converted back).
Bad messages (wrong argument count, NaN) are counted and ignored, never raised into
the network thread. Tests send only to 127.0.0.1.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass

from engine.errors import ParameterError
from engine.live.head import HeadState, matrix_to_ypr, quaternion_to_matrix

DEFAULT_OSC_PORT = 9000

ADDRESS_PRESETS: dict[str, dict[str, str]] = {
    "earspace": {
        "ypr": "/earspace/head/ypr",
        "quaternion": "/earspace/head/quaternion",
        "recentre": "/earspace/head/recentre",
    },
    "IEM SceneRotator": {
        "ypr": "/SceneRotator/ypr",
        "quaternion": "/SceneRotator/quaternions",
        "yaw": "/SceneRotator/yaw",
        "pitch": "/SceneRotator/pitch",
        "roll": "/SceneRotator/roll",
    },
}
PRESET_NAMES = ("any", *ADDRESS_PRESETS)


@dataclass(frozen=True)
class TrackerSettings:
    """Where to listen and how to read the tracker."""

    port: int = DEFAULT_OSC_PORT
    host: str = "0.0.0.0"
    preset: str = "any"
    invert_yaw: bool = False
    invert_pitch: bool = False
    invert_roll: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.port, int) or not 0 <= self.port <= 65535:
            raise ParameterError(f"OSC port must be an integer in 0..65535, got {self.port!r}")
        if self.preset not in PRESET_NAMES:
            raise ParameterError(
                f"unknown OSC address preset {self.preset!r}; choose one of {', '.join(PRESET_NAMES)}"
            )

    def addresses(self) -> dict[str, str]:
        """OSC address -> kind (``ypr``, ``quaternion``, ``recentre``, ``yaw``, ...)."""
        presets = (
            ADDRESS_PRESETS.values() if self.preset == "any" else [ADDRESS_PRESETS[self.preset]]
        )
        return {addr: kind for p in presets for kind, addr in p.items()}

    def signs(self) -> tuple[float, float, float]:
        return tuple(
            -1.0 if inv else 1.0 for inv in (self.invert_yaw, self.invert_pitch, self.invert_roll)
        )  # type: ignore[return-value]


class HeadTrackerServer:
    """A UDP OSC server in a daemon thread that writes into a :class:`HeadState`.

    ``port=0`` picks a free port; :attr:`port` is the one bound. ``counts`` maps each
    address (or ``"bad"`` / ``"unknown"``) to the number of messages received.
    """

    def __init__(self, head: HeadState, settings: TrackerSettings | None = None) -> None:
        from pythonosc.dispatcher import Dispatcher
        from pythonosc.osc_server import BlockingOSCUDPServer

        self.head = head
        self.settings = settings or TrackerSettings()
        self.counts: Counter[str] = Counter()
        self.last_message_s: float | None = None  # time.perf_counter() of the last message
        self._ypr = [0.0, 0.0, 0.0]  # single-axis addresses update this
        self._kinds = self.settings.addresses()
        dispatcher = Dispatcher()
        for address in self._kinds:
            dispatcher.map(address, self._handle)
        dispatcher.set_default_handler(self._unknown)
        try:
            self._server = BlockingOSCUDPServer(
                (self.settings.host, self.settings.port), dispatcher
            )
        except OSError as exc:
            raise ParameterError(
                f"cannot listen for OSC on UDP port {self.settings.port} ({exc}); choose another with --osc-port"
            ) from exc
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            daemon=True,
            name="earspace-osc",
        )

    def start(self) -> HeadTrackerServer:
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=2.0)
        self._server.server_close()

    def __enter__(self) -> HeadTrackerServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def total_messages(self) -> int:
        return sum(n for key, n in self.counts.items() if key not in ("bad", "unknown"))

    def _unknown(self, address: str, *args) -> None:
        self.counts["unknown"] += 1

    def _handle(self, address: str, *args) -> None:
        now = time.perf_counter()
        kind = self._kinds[address]
        try:
            values = [float(a) for a in args]
            self._apply(kind, values, now)
        except (ValueError, TypeError, ParameterError):
            self.counts["bad"] += 1
            return
        self.counts[address] += 1
        self.last_message_s = now

    def _apply(self, kind: str, values: list[float], now: float) -> None:
        sy, sp, sr = self.settings.signs()
        if kind == "recentre":
            self.head.recentre()
            return
        if kind == "ypr":
            if len(values) != 3:
                raise ValueError("ypr needs 3 floats")
            self._ypr = list(values)
        elif kind == "quaternion":
            if len(values) != 4:
                raise ValueError("quaternion needs 4 floats")
            rotation = quaternion_to_matrix(*values)
            self._ypr = list(matrix_to_ypr(rotation))
            if (sy, sp, sr) == (1.0, 1.0, 1.0):
                self.head.set_matrix(rotation, now)  # exact, no Euler round trip
                return
        elif kind in ("yaw", "pitch", "roll"):
            if len(values) != 1:
                raise ValueError(f"{kind} needs 1 float")
            self._ypr[("yaw", "pitch", "roll").index(kind)] = values[0]
        y, p, r = self._ypr
        self.head.set_ypr(sy * y, sp * p, sr * r, now)
