#!/usr/bin/env bash
# Fetch Debian trixie's dragonfly-reverb-vst3 (a real third-party VST3 plugin) with a
# private apt source list and install it (its dependencies are already on bookworm).
set -euo pipefail
if [ -d /usr/lib/vst3/DragonflyRoomReverb.vst3 ]; then exit 0; fi
[ "$(id -u)" = 0 ] || { echo "needs root to install plugins"; exit 1; }
tmp=$(mktemp -d)
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
echo "deb http://deb.debian.org/debian trixie main" > "$tmp/sources.list"
O=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
   -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache")
apt-get "${O[@]}" update -qq
(cd "$tmp" && apt-get "${O[@]}" download dragonfly-reverb-vst3)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tmp"/dragonfly-reverb-vst3_*.deb >/dev/null
rm -rf "$tmp"
