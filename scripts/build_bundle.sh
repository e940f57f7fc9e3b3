#!/usr/bin/env bash
# Build the one-folder PyInstaller bundle into OUTDIR/earspace/ (executable
# OUTDIR/earspace/earspace: the same CLI as an installed `earspace`, `app` included).
#   scripts/build_bundle.sh OUTDIR
# Sets up .venv with the packaging extra first. PyInstaller's work files go to
# build/pyinstaller (reused by the next build). The bundle runs on Linux x86-64 with glibc
# at least as new as the build machine's (2.36 here: Debian 12, Ubuntu 23.04 or newer).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/build_bundle.sh OUTDIR}"
bash scripts/bootstrap.sh runtime
if ! .venv/bin/python -c "import PyInstaller" 2>/dev/null; then
  .venv/bin/pip install -q "pyinstaller==6.22.3"
fi
mkdir -p "$out"
rm -rf "$out/earspace"
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath "$out" \
  --workpath build/pyinstaller packaging/earspace.spec
echo "[bundle] $out/earspace/earspace ($(du -sh "$out/earspace" | cut -f1))"
