"""Earspace engine: mono audio + location prompts -> binaural audio.

Flow: prompt (``engine.prompt``) -> placement stored in the session's regions
(``engine.resolve``, ``engine.session``) -> one timeline per track (``engine.timeline``)
-> render (``engine.physical``, ``engine.neural``, ``engine.render_session``) -> outputs
(``engine.outputs``); front ends use the facade ``engine.api``. Untrusted input (a
session file someone sent) passes ``engine.untrusted``; files are written through
temporary names cleaned up after kills (``engine.scratch``); ``engine.session_lock``
tells two instances apart.

Pure Python/NumPy (and PyTorch for the neural engine); never imports Qt or pedalboard.

Coordinate convention (used everywhere, as in SOFA):
    azimuth_deg   counter-clockwise from straight ahead seen from above:
                  0 = front, +90 = left, 180 = behind, -90 (= 270) = right
    elevation_deg +90 = straight up, -90 = straight down, 0 = ear level
    distance_m    from the centre of the head, metres
Audio arrays are float32, channels first: mono ``(n_samples,)``, binaural ``(2, n_samples)``
with row 0 = left ear, row 1 = right ear.
"""

__version__ = "0.1.0"
