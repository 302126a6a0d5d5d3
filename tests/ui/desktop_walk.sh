#!/bin/bash
# The scripted walk through the desktop flows on a real X server (Xvfb, the xcb platform): the
# document tests (tests/ui/test_workspace_document.cpp) run unchanged and save the screen at each
# step into docs/screenshots/ (or $1). Run on demand after a build; look at the pictures.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/docs/screenshots}
mkdir -p "$out"
xvfb-run -a -s "-screen 0 1400x900x24" \
    env QT_QPA_PLATFORM=xcb TEARSHEET_SCREENSHOTS="$out" TZ=Europe/Berlin LANG=C.UTF-8 \
    "$root/build/tests/test_workspace_document"
ls -l "$out"/desktop-*.png
