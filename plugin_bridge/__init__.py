"""Earspace's plugin bridge: host VST3 plugins and deliver binaural stems into DAWs.

Never imports Qt; the desktop app and the ``earspace export`` command use it.

Modules, one concept each:

* :mod:`plugin_bridge.scan`       find VST3 bundles and list their plugins (name, vendor)
* :mod:`plugin_bridge.host`       the plugin host child process (time limits, crash isolation)
* :mod:`plugin_bridge.chains`     insert / master chains; ``session_hooks`` for render_session
* :mod:`plugin_bridge.editor`     plugin editor windows, in their own process
* :mod:`plugin_bridge.stems`      binaural stem WAVs with Broadcast Wave time references
* :mod:`plugin_bridge.ardour`     Ardour 7 session folders
* :mod:`plugin_bridge.reaper`     REAPER ``.RPP`` projects
* :mod:`plugin_bridge.aaf`        AAF compositions (pyaaf2)
* :mod:`plugin_bridge.ambisonics` AmbiX (ACN/SN3D) scene encoding, orders 1-3
* :mod:`plugin_bridge.export`     the export orchestration used by the app and the CLI
"""
