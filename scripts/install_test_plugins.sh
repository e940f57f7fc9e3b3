#!/usr/bin/env bash
# Real third-party VST3 plugins for plugin_bridge's tests, from Debian trixie, fetched
# with a private apt source list (the system's sources are not touched):
#   * dragonfly-reverb-vst3 (650 kB): four stereo reverbs; its dependencies are already
#     on bookworm. As root the .deb is installed (/usr/lib/vst3); otherwise unpacked
#     into ~/.vst3.
#   * ZamComp.vst3 and ZaMaximX2.vst3 only, unpacked from zam-plugins (38 MB download,
#     ~3 MB kept; they need nothing beyond libc): a mono-only compressor (mono routing)
#     and a look-ahead limiter reporting 480 samples of latency (latency compensation).
#     They go to /usr/local/lib/vst3 as root, ~/.vst3 otherwise.
set -euo pipefail
if [ "$(id -u)" = 0 ]; then user_dir=/usr/local/lib/vst3; else user_dir="$HOME/.vst3"; fi
have_dragonfly=0; have_zam=0
{ [ -d /usr/lib/vst3/DragonflyRoomReverb.vst3 ] || [ -d "$HOME/.vst3/DragonflyRoomReverb.vst3" ]; } && have_dragonfly=1
{ [ -d /usr/local/lib/vst3/ZaMaximX2.vst3 ] || [ -d "$HOME/.vst3/ZaMaximX2.vst3" ]; } && have_zam=1
if [ $have_dragonfly = 1 ] && [ $have_zam = 1 ]; then exit 0; fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial"
echo "deb http://deb.debian.org/debian trixie main" > "$tmp/sources.list"
O=(-o "Dir::Etc::SourceList=$tmp/sources.list" -o Dir::Etc::SourceParts=/dev/null
   -o "Dir::State::Lists=$tmp/lists" -o "Dir::Cache=$tmp/cache" -o Debug::NoLocking=1)
apt-get "${O[@]}" update -qq
if [ $have_dragonfly = 0 ]; then
  (cd "$tmp" && apt-get "${O[@]}" download dragonfly-reverb-vst3 2>/dev/null)
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tmp"/dragonfly-reverb-vst3_*.deb >/dev/null
  else
    dpkg-deb -x "$tmp"/dragonfly-reverb-vst3_*.deb "$tmp/dragonfly"
    mkdir -p "$HOME/.vst3"
    cp -r "$tmp/dragonfly/usr/lib/vst3/"*.vst3 "$HOME/.vst3/"
  fi
fi
if [ $have_zam = 0 ]; then
  (cd "$tmp" && apt-get "${O[@]}" download zam-plugins 2>/dev/null)
  dpkg-deb -x "$tmp"/zam-plugins_*.deb "$tmp/zam"
  mkdir -p "$user_dir"
  cp -r "$tmp/zam/usr/lib/vst3/ZamComp.vst3" "$tmp/zam/usr/lib/vst3/ZaMaximX2.vst3" "$user_dir/"
fi
