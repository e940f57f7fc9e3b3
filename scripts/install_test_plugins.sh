#!/usr/bin/env bash
# Fetch Debian trixie's dragonfly-reverb-vst3 (a real third-party VST3 plugin, 650 kB)
# with a private apt source list (the system's sources are not touched).
#   as root:  install the .deb (its dependencies are already on bookworm) -> /usr/lib/vst3
#   as user:  unpack it into ~/.vst3 (plugin_bridge.scan looks there too)
set -euo pipefail
if [ -d /usr/lib/vst3/DragonflyRoomReverb.vst3 ] || [ -d "$HOME/.vst3/DragonflyRoomReverb.vst3" ]; then exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
echo "deb http://deb.debian.org/debian trixie main" > "$tmp/sources.list"
O=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
   -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o Debug::NoLocking=1)
apt-get "${O[@]}" update -qq
(cd "$tmp" && apt-get "${O[@]}" download dragonfly-reverb-vst3)
if [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tmp"/dragonfly-reverb-vst3_*.deb >/dev/null
else
  dpkg-deb -x "$tmp"/dragonfly-reverb-vst3_*.deb "$tmp/root"
  mkdir -p "$HOME/.vst3"
  cp -r "$tmp/root/usr/lib/vst3/"*.vst3 "$HOME/.vst3/"
fi
