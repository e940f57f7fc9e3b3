#!/usr/bin/env bash
# Install a built bundle (dist/earspace) for the current user: ~/.local/opt/earspace,
# a launcher in ~/.local/bin, the desktop entry and the icon.
set -euo pipefail
cd "$(dirname "$0")/.."
src="dist/earspace"
[ -x "$src/earspace" ] || { echo "build first: .venv/bin/pyinstaller --noconfirm packaging/earspace.spec" >&2; exit 1; }
dest="${HOME}/.local/opt/earspace"
mkdir -p "$dest" "${HOME}/.local/bin" "${HOME}/.local/share/applications" "${HOME}/.local/share/icons/hicolor/256x256/apps"
rm -rf "$dest" && cp -a "$src" "$dest"
ln -sf "$dest/earspace" "${HOME}/.local/bin/earspace"
cp packaging/earspace.desktop "${HOME}/.local/share/applications/earspace.desktop"
cp assets/icons/earspace.png "${HOME}/.local/share/icons/hicolor/256x256/apps/earspace.png"
echo "installed: ${HOME}/.local/bin/earspace"
