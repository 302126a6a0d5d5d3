#!/usr/bin/env bash
# Tearsheet's two commands. Each installs what is missing (Debian 12, as root), builds Release into
# build/, and then either produces the demo from bundled data or runs the whole test suite.
#
#   ./build.sh demo   # tearsheet (HTML + PDF) of a bundled real-data portfolio vs a benchmark -> out/
#   ./build.sh test   # the whole CTest suite, QuantStats oracle included
#
# The container build (packaging/Dockerfile) uses the steps one by one: deps, build, check.
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  build-essential cmake ninja-build pkg-config file python3 python3-yaml
  qt6-base-dev libqt6opengl6-dev libxkbcommon-dev qt6-charts-dev qt6-svg-dev libqt6svg6 libqt6sql6-sqlite
  libmicrohttpd-dev zlib1g-dev prometheus openssl
  libcurl4-openssl-dev libsqlite3-dev libeigen3-dev libspdlog-dev libfmt-dev
  fonts-dejavu-core xvfb xauth poppler-utils
)

install_missing() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "==> installing: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=600 update
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
}

# build [TARGET...]: the whole project (tests and benchmarks included), or only the targets named.
build() {
  echo "==> configuring and building (Release) into build/${*:+: $*}"
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTEARSHEET_WERROR=ON >/dev/null
  cmake --build build --parallel "$(nproc)" ${*:+--target "$@"}
}

# What the demo runs, and the desktop app: no test executable is built before the first tearsheet.
APP_TARGETS=(tearsheet tearsheet-cli tearsheet-render)

demo() {
  mkdir -p out
  local cli=build/bin/tearsheet-cli
  # Everything offline: the bundled CSVs are read through the `file` provider into a demo cache.
  export TEARSHEET_FILE_BASE_URL="$PWD/data/demo"
  local cache=out/demo-cache.sqlite
  echo "==> demo: loading bundled NVDA, ORCL, YHOO daily prices (Yahoo, Adj Close) into $cache"
  "$cli" download --provider file --symbols NVDA,ORCL,YHOO --cache "$cache" --full --quiet
  local port=(--portfolio "NVDA:0.4,ORCL:0.3,YHOO:0.3" --rebalance monthly --name "NVDA/ORCL/YHOO 40/30/30"
              --benchmark-symbol ORCL --cache "$cache" --title "Demo: NVDA/ORCL/YHOO 40/30/30, monthly rebalancing, vs ORCL")
  echo "==> demo: metrics of the portfolio vs ORCL"
  "$cli" metrics --symbol NVDA --benchmark-symbol ORCL --cache "$cache" --format json --out out/demo-metrics.json
  "$cli" report "${port[@]}" --out out/demo.html
  "$cli" report "${port[@]}" --out out/demo.pdf
  "$cli" report "${port[@]}" --out out/demo-metrics-portfolio.json
  echo "==> wrote out/demo.html, out/demo.pdf, out/demo-metrics-portfolio.json (and out/demo-metrics.json: NVDA vs ORCL)"
}

run_tests() {
  echo "==> running the test suite"
  export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
  chmod 700 "$XDG_RUNTIME_DIR"
  rm -f build/ctest-results.xml
  ctest --test-dir build --output-on-failure --parallel "$(nproc)" --output-junit "$PWD/build/ctest-results.xml"
  # Every test of tests/expected-tests.txt ran and passed: a test that silently drops out fails here.
  python3 tests/check_test_list.py build/ctest-results.xml tests/expected-tests.txt
}

case "${1:-}" in
  demo) install_missing; build "${APP_TARGETS[@]}"; demo ;;
  test) install_missing; build; run_tests ;;
  deps) install_missing ;;
  build) build ;;
  check) run_tests ;;
  *) echo "usage: $0 demo|test (or deps|build|check)" >&2; exit 2 ;;
esac
