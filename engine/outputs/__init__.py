"""Outputs: a finished render written to files (the last step of prompt -> placement ->
timeline -> render -> outputs).

:func:`render_to_folder` renders a session with its plugin hooks and writes one stem per
track (``<track> binaural.wav``, :mod:`~engine.outputs.naming`), ``mix.wav``,
``plots.png`` (:mod:`~engine.outputs.plots`) and ``render.json``; the CLI, the plugin
bridge's stems export and the app's export use it. Kept out of the DSP modules; no Qt.
"""

from engine.outputs.folder import (
    RENDER_REPORT_NAME,
    render_to_folder,
    render_with_hooks,
    write_render_outputs,
)
from engine.outputs.naming import MIX_NAME, STEM_SUFFIX, safe_file_stem, stem_file_names
from engine.outputs.plots import save_plots_png

__all__ = [
    "MIX_NAME",
    "RENDER_REPORT_NAME",
    "STEM_SUFFIX",
    "render_to_folder",
    "render_with_hooks",
    "safe_file_stem",
    "save_plots_png",
    "stem_file_names",
    "write_render_outputs",
]
