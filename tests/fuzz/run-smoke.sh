#!/usr/bin/env bash
# CI smoke for the fuzz targets: builds them (clang, ASan + UBSan, TEARSHEET_FUZZ=ON) in their own
# build directory, then runs each for a short fixed time on the committed corpus and dictionary.
# Any finding (crash, sanitizer report, broken invariant, timeout, memory over the limit) fails it.
#
#   tests/fuzz/run-smoke.sh                 # 25 s per target
#   FUZZ_SECONDS=600 tests/fuzz/run-smoke.sh fuzz_csv   # one target, longer (README.md here)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${FUZZ_SECONDS:-25}"
here="$root/tests/fuzz"

cxx="$(command -v clang++-14 || command -v clang++ || true)"
if [ -z "$cxx" ] || ! ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
  echo "==> fuzz: installing clang-14 and its sanitizer runtimes"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get -o DPkg::Lock::Timeout=600 update
  $sudo apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends \
    clang-14 libclang-rt-14-dev
  cxx="$(command -v clang++-14)"
fi

echo "==> fuzz: building the targets into $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DTEARSHEET_FUZZ=ON \
  -DCMAKE_CXX_COMPILER="$cxx" >/dev/null
cmake --build "$build" --parallel "$(nproc)"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_csv fuzz_providers fuzz_fundamentals fuzz_screen fuzz_cron
                                     fuzz_report_config fuzz_settings fuzz_pipeline)
declare -A dict=([fuzz_csv]=csv [fuzz_pipeline]=csv [fuzz_providers]=json [fuzz_fundamentals]=json
                 [fuzz_report_config]=json [fuzz_settings]=json [fuzz_screen]=screen [fuzz_cron]=cron)
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 TZ=America/New_York

failed=()
for t in "${targets[@]}"; do
  name="${t#fuzz_}"
  # New inputs go to a scratch corpus in the build dir; the committed one is only read.
  work="$build/fuzz-work/$name"
  findings="$build/fuzz-findings/$name"
  mkdir -p "$work" "$findings"
  echo "==> fuzz: $t for ${seconds}s"
  if "$build/fuzz/$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
       -dict="$here/dict/${dict[$t]}.dict" -artifact_prefix="$findings/" -print_final_stats=1 \
       "$work" "$here/corpus/$name" > "$build/fuzz-$name.log" 2>&1; then
    grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec|cov:" "$build/fuzz-$name.log" | tail -3 || true
  else
    echo "==> fuzz: $t FAILED; log: $build/fuzz-$name.log, inputs: $findings"
    tail -40 "$build/fuzz-$name.log"
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "==> fuzz: findings in ${failed[*]} (keep each input under tests/fuzz/corpus/<target>/finding-*)"
  exit 1
fi
echo "==> fuzz: all ${#targets[@]} targets ran clean"
