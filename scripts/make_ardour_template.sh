#!/usr/bin/env bash
# Regenerate assets/ardour/template.ardour: a 1-track (stereo) session made by Ardour 7
# itself with its headless Lua tool. plugin_bridge.ardour clones its track once per stem
# (hand-written Ardour XML is fragile: a route without its processors crashes Ardour).
#   needs: Debian's `ardour` package (ardour7-lua)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/make.lua" <<LUA
create_session("$tmp/Template", "Template", 48000)
Session:new_audio_track(2, 2, nil, 1, "Stem", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true)
Session:save_state("", false, false, false, false, false)
close_session()
LUA
ardour7-lua "$tmp/make.lua" >/dev/null 2>&1 </dev/null
mkdir -p assets/ardour
# Strip the machine-specific folder so the template holds no local paths.
sed "s|$tmp/Template|@SESSION_DIR@|g" "$tmp/Template/Template.ardour" > assets/ardour/template.ardour
echo "wrote assets/ardour/template.ardour ($(wc -c < assets/ardour/template.ardour) bytes)"
