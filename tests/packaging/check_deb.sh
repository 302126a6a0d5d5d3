#!/usr/bin/env bash
# Builds the .deb with CPack from the build folder and checks what it holds and depends on.
set -euo pipefail
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out" >/dev/null)
deb=$(ls "$out"/tearsheet_*.deb)
echo "package: $(basename "$deb") ($(stat -c %s "$deb") bytes)"
contents=$(dpkg-deb -c "$deb")
for f in ./usr/bin/tearsheet ./usr/bin/tearsheet-cli ./usr/libexec/tearsheet/tearsheet-render \
         ./usr/libexec/tearsheet/tearsheet-serve \
         ./usr/share/applications/tearsheet.desktop \
         ./usr/share/icons/hicolor/scalable/apps/tearsheet.svg ./usr/share/tearsheet/demo/nvda.csv; do
  grep -q " $f\$" <<<"$contents" || { echo "missing from the package: $f"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for d in libqt6charts6 libmicrohttpd12 libcurl4 libsqlite3-0 fonts-dejavu-core; do
  grep -q "$d" <<<"$depends" || { echo "Depends lacks $d: $depends"; exit 1; }
done
# The packaged CLI runs (from the package's own files).
dpkg-deb -x "$deb" "$out/root"
"$out/root/usr/bin/tearsheet-cli" --version | grep -q "tearsheet-cli" || { echo "the packaged CLI does not run"; exit 1; }
# ... and finds its renderer in ../libexec/tearsheet for a report.
QT_QPA_PLATFORM=offscreen "$out/root/usr/bin/tearsheet-cli" report --returns "$out/root/usr/share/tearsheet/demo/nvda.csv" \
  --prices --out "$out/nvda.json" || { echo "the packaged CLI cannot render a report"; exit 1; }
grep -q '"metrics"' "$out/nvda.json" || { echo "the packaged report has no metrics"; exit 1; }
grep -q '^Exec=tearsheet' "$out/root/usr/share/applications/tearsheet.desktop"
grep -q '^Icon=tearsheet$' "$out/root/usr/share/applications/tearsheet.desktop"
echo "ok: binaries, renderer, desktop entry, icon, demo data; Depends: $depends"
