#!/usr/bin/env bash
# Builds the image with podman and checks it for real: a one-off report onto a mounted volume
# (owned by UID 1000), then `serve` with /health, /metrics and report requests, stopped by SIGTERM.
# Works without a registry: the Debian base image is made locally with debootstrap when missing.
#
#   packaging/test-container.sh          # as root on Debian 12; installs podman & co. if missing
#   KEEP_IMAGE=1 packaging/test-container.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
IMAGE=localhost/tearsheet:test
PORT=${TEST_PORT:-18187}
TOKEN=container-test-token
WORK=$(mktemp -d /tmp/tearsheet-container.XXXXXX)
cleanup() {
  podman rm -f tearsheet-serve-test >/dev/null 2>&1 || true
  [ -n "${KEEP_IMAGE:-}" ] || podman rmi -f "$IMAGE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { echo "==> $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

step "tools"
need=()
for p in podman buildah fuse-overlayfs uidmap slirp4netns runc debootstrap catatonit containernetworking-plugins; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# crun cannot run here (hybrid cgroups); runc needs lowered ulimits.
cat > "$WORK/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$WORK/containers.conf"

step "base image"
if ! podman image exists docker.io/library/debian:bookworm-slim; then
  mirror=$(grep -rhoE '^(deb|URIs:) +https?://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
           | grep -m1 -E 'debian/?$' | awk '{print $2}' || true)
  mirror=${mirror:-http://deb.debian.org/debian}
  echo "no registry: debootstrap bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$WORK/rootfs" "$mirror" >"$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log"; fail "debootstrap"; }
  tar -C "$WORK/rootfs" -c . | podman import - docker.io/library/debian:bookworm-slim >/dev/null
  rm -rf "$WORK/rootfs"
fi
podman image exists docker.io/library/debian:bookworm \
  || podman tag docker.io/library/debian:bookworm-slim docker.io/library/debian:bookworm

step "build (the builder stage compiles and runs the test suite)"
# The context: the tracked files, plus ../shared (reference data for the tests) as .shared.
mkdir -p "$WORK/ctx"
git ls-files -z | xargs -0 tar -cf - | tar -C "$WORK/ctx" -xf -
[ -d ../shared ] && cp -aL ../shared "$WORK/ctx/.shared"
start=$(date +%s)
podman build --format docker -f packaging/Dockerfile -t "$IMAGE" "$WORK/ctx" >"$WORK/build.log" 2>&1 \
  || { tail -60 "$WORK/build.log"; fail "podman build"; }
grep -E "tests passed|tests failed" "$WORK/build.log" || true
size=$(podman image inspect --format '{{.Size}}' "$IMAGE")
echo "built in $(( $(date +%s) - start )) s; image size $(( size / 1000000 )) MB"

step "one-off report onto a mounted volume"
mkdir -p "$WORK/data" && chown 1000:1000 "$WORK/data"
podman run --rm -v "$WORK/data:/data" "$IMAGE" download --provider file --symbols NVDA,ORCL,YHOO --quiet
podman run --rm -v "$WORK/data:/data" "$IMAGE" report --portfolio "NVDA:0.5,ORCL:0.5" --rebalance monthly \
  --benchmark-symbol YHOO --out /data/reports/portfolio.pdf
f="$WORK/data/reports/portfolio.pdf"
[ -s "$f" ] || fail "no report on the volume"
[ "$(stat -c %u "$f")" = 1000 ] || fail "report owned by UID $(stat -c %u "$f"), not 1000"
head -c 5 "$f" | grep -q '%PDF-' || fail "not a PDF"
echo "report: $(stat -c '%s bytes, uid %u' "$f")"

step "scheduled batch (schedule --once) with the example config"
podman run --rm -v "$WORK/data:/data" -v "$ROOT/packaging/config:/config:ro" -e TEARSHEET_PROVIDERS=file "$IMAGE" \
  schedule --once --config /config/reports.json --out-dir /data/reports
for f in tech-portfolio.html tech-portfolio.pdf nvda.pdf nvda.json schedule-log.jsonl; do
  [ -s "$WORK/data/reports/$f" ] || fail "schedule did not write $f"
done
grep -q '"status":"ok"' "$WORK/data/reports/schedule-log.jsonl" || fail "schedule run log: $(cat "$WORK/data/reports/schedule-log.jsonl")"

step "serve refuses a public bind without a token"
rc=0
podman run --rm "$IMAGE" >/dev/null 2>"$WORK/notoken.log" || rc=$?
[ "$rc" = 2 ] && grep -q TEARSHEET_API_TOKEN "$WORK/notoken.log" || fail "serve without a token exited $rc"

step "serve"
podman run -d --name tearsheet-serve-test -p "127.0.0.1:$PORT:8080" -e TEARSHEET_API_TOKEN="$TOKEN" \
  -v "$WORK/data:/data" "$IMAGE" >/dev/null
for _ in $(seq 1 50); do
  curl -fsS "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/health" | grep -q '"ok"' || { podman logs tearsheet-serve-test; fail "/health"; }
for _ in $(seq 1 30); do curl -fsS "http://127.0.0.1:$PORT/ready" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fsS "http://127.0.0.1:$PORT/ready" >/dev/null || fail "/ready"
podman healthcheck run tearsheet-serve-test || fail "the image's HEALTHCHECK"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/metrics")
[ "$code" = 401 ] || fail "/metrics without the token answered $code, not 401"
auth=(-H "Authorization: Bearer $TOKEN")
body='{"title":"Container","strategies":[{"portfolio":{"NVDA":0.5,"ORCL":0.5},"rebalance":"monthly"}],"benchmark":{"symbol":"YHOO"}}'
for fmt in json html pdf; do
  code=$(curl -s "${auth[@]}" -H 'Content-Type: application/json' -d "$body" -o "$WORK/r.$fmt" \
         -w '%{http_code}' "http://127.0.0.1:$PORT/api/v1/reports?format=$fmt")
  [ "$code" = 200 ] || { cat "$WORK/r.$fmt"; fail "report $fmt answered $code"; }
  echo "report $fmt: $(stat -c %s "$WORK/r.$fmt") bytes"
done
grep -q '"sharpe"' "$WORK/r.json" || fail "the JSON report has no sharpe ratio"
head -c 5 "$WORK/r.pdf" | grep -q '%PDF-' || fail "the PDF report is not a PDF"
curl -fsS "${auth[@]}" "http://127.0.0.1:$PORT/metrics" >"$WORK/metrics.txt"
grep -q 'tearsheet_http_requests_total{method="POST",route="/api/v1/reports",status="200"} 3' "$WORK/metrics.txt" \
  || { cat "$WORK/metrics.txt"; fail "/metrics does not count the reports"; }
grep -q '^tearsheet_cache_series 3' "$WORK/metrics.txt" || fail "/metrics cache gauge"

step "SIGTERM"
t0=$(date +%s)
podman stop -t 30 tearsheet-serve-test >/dev/null
rc=$(podman inspect --format '{{.State.ExitCode}}' tearsheet-serve-test)
podman logs tearsheet-serve-test 2>&1 | tail -3
[ "$rc" = 0 ] || fail "serve exited with $rc after SIGTERM"
podman logs tearsheet-serve-test 2>&1 | grep -q "stopped" || fail "no orderly stop in the log"
echo "stopped in $(( $(date +%s) - t0 )) s with exit code 0"
echo "container test passed (image $(( size / 1000000 )) MB)"
