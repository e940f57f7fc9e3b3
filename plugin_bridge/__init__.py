"""Earspace's plugin bridge: host VST3 plugins and deliver binaural stems into DAWs.

In the flow prompt -> placement -> timeline -> render -> outputs it hooks plugin chains
into the render and writes outputs for DAWs (AmbiX encodes the engine's timeline).

Never imports Qt; the desktop app and the ``earspace export`` command use it.

Modules, one concept each:

* :mod:`plugin_bridge.scan`       find VST3 bundles and list their plugins (name, vendor, uid)
* :mod:`plugin_bridge.host`       the plugin host child process (time limits, crash isolation)
* :mod:`plugin_bridge.folders`    the user's plugin folders (settings file)
* :mod:`plugin_bridge.registry`   which plugins a session may load: scanned folders, by identity
* :mod:`plugin_bridge.chains`     insert / master chains; ``session_hooks`` for render_session
* :mod:`plugin_bridge.editor`     plugin editor windows, in their own process
* :mod:`plugin_bridge.stems`      binaural stem WAVs with Broadcast Wave time references
* :mod:`plugin_bridge.ardour`     Ardour 7 session folders
* :mod:`plugin_bridge.reaper`     REAPER ``.RPP`` projects
* :mod:`plugin_bridge.aaf`        AAF compositions (pyaaf2)
* :mod:`plugin_bridge.ambisonics` AmbiX (ACN/SN3D) scene encoding, orders 1-3
* :mod:`plugin_bridge.adm`        ADM BWF (BW64 + axml/chna) objects, written with EBU ``ear``
* :mod:`plugin_bridge.project_import` DAW project -> session (readers: ``import_reaper``,
  ``import_ardour``, ``import_otio`` for OTIO and AAF)
* :mod:`plugin_bridge.daw_insert` binaural stems added to a copy of the original project
* :mod:`plugin_bridge.export`     the export orchestration used by the app and the CLI

Using it from the app (no Qt here; call the slow ones from a worker thread)::

    from plugin_bridge.scan import scan_plugins
    from plugin_bridge.host import PluginHost
    from plugin_bridge.chains import session_hooks, with_parameter
    from plugin_bridge.export import ExportOptions, render_and_export

    found = scan_plugins(cache_path=cache_dir / "vst3-scan.json")   # .plugins, .failures
    with PluginHost() as host:
        info = host.describe(found.plugins[0].path)                  # parameters: range, units
        slot = with_parameter(found.plugins[0].slot(), info, "decay_s", 2.5)  # by identity
        slot = host.capture_state(slot)                              # all values + raw state
    insert_hook, master_hook, messages = session_hooks(session)      # for render_session
    result = render_and_export(session, fmt="ardour", out_dir=folder,
                               options=ExportOptions(name="scene", bit_depth="pcm24"),
                               use_master_chain=True, progress=report, cancel=event)
"""
