#!/usr/bin/env bash
# Builds the image with podman and checks it for real: a one-off report onto a mounted volume
# (owned by UID 1000), then `serve` with /health, /metrics and report requests, stopped by SIGTERM,
# then compose's `server` + `nginx` pair (TLS with a certificate made here, through the proxy only).
# Works without a registry: the Debian base image is made locally with debootstrap when missing.
#
#   packaging/test-container.sh          # as root on Debian 12; installs podman & co. if missing
#   KEEP_IMAGE=1 packaging/test-container.sh
#   RUN_TESTS=0 packaging/test-container.sh   # the builder skips the suite (it ran on the host already)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
IMAGE=localhost/tearsheet:test
PROXY_IMAGE=localhost/tearsheet-proxy:test
PORT=${TEST_PORT:-18187}
HTTPS_PORT=${TEST_HTTPS_PORT:-18443}
HTTP_PORT=${TEST_HTTP_PORT:-18480}
METRICS_PORT=${TEST_METRICS_PORT:-18464}
PROJECT=tearsheet-test
TOKEN=container-test-token
WORK=$(mktemp -d /tmp/tearsheet-container.XXXXXX)
cleanup() {
  podman rm -f -v tearsheet-serve-test >/dev/null 2>&1 || true   # -v: its anonymous /config volume
  python3 "$ROOT/tests/packaging/compose_podman.py" down "$ROOT/packaging/compose.yaml" "$PROJECT" >/dev/null 2>&1 || true
  [ -n "${KEEP_IMAGE:-}" ] || podman rmi -f "$IMAGE" "$PROXY_IMAGE" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
step() { echo "==> $*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

step "tools"
need=()
# dnsname: containers on a podman network find each other by service name (nginx -> server).
for p in podman buildah fuse-overlayfs uidmap slirp4netns runc debootstrap catatonit containernetworking-plugins \
         golang-github-containernetworking-plugin-dnsname openssl python3-yaml; do
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
# The context: the tracked files only (the suite needs nothing from outside the repository).
mkdir -p "$WORK/ctx"
git ls-files -z | xargs -0 tar -cf - | tar -C "$WORK/ctx" -xf -
start=$(date +%s)
podman build --format docker --build-arg RUN_TESTS="${RUN_TESTS:-1}" -f packaging/Dockerfile -t "$IMAGE" "$WORK/ctx" \
  >"$WORK/build.log" 2>&1 \
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

step "TLS through nginx: compose's server + nginx with a self-signed certificate"
# Debian's podman-compose (1.0.3) ignores the network's subnet and the proxy's fixed address (the
# one the server trusts), so tests/packaging/compose_podman.py runs the same compose.yaml services
# with podman run.
start=$(date +%s)
podman build --format docker -t "$PROXY_IMAGE" packaging/nginx >"$WORK/proxy-build.log" 2>&1 \
  || { tail -30 "$WORK/proxy-build.log"; fail "podman build packaging/nginx"; }
echo "proxy image built in $(( $(date +%s) - start )) s, $(( $(podman image inspect --format '{{.Size}}' "$PROXY_IMAGE") / 1000000 )) MB"
mkdir -p "$WORK/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -addext subjectAltName=DNS:localhost \
  -keyout "$WORK/tls/tls.key" -out "$WORK/tls/tls.crt" 2>/dev/null || fail "openssl req"
chown 33:33 "$WORK/tls/tls.key" && chmod 600 "$WORK/tls/tls.key"   # the proxy runs as UID 33
export TEARSHEET_IMAGE="$IMAGE" TEARSHEET_PROXY_IMAGE="$PROXY_IMAGE" TEARSHEET_API_TOKEN="$TOKEN" \
       TEARSHEET_TLS_DIR="$WORK/tls" TEARSHEET_PUBLIC_ADDR=127.0.0.1 TEARSHEET_HTTPS_PORT="$HTTPS_PORT" \
       TEARSHEET_HTTP_PORT="$HTTP_PORT" TEARSHEET_METRICS_PORT="$METRICS_PORT"
compose() { python3 "$ROOT/tests/packaging/compose_podman.py" "$1" "$ROOT/packaging/compose.yaml" "$PROJECT" "${@:2}"; }
compose down >/dev/null 2>&1 || true
podman volume create "${PROJECT}_tearsheet-data" >/dev/null
podman run --rm -v "${PROJECT}_tearsheet-data:/data" "$IMAGE" download --provider file --symbols NVDA,ORCL,YHOO --quiet \
  >/dev/null || fail "demo symbols into the compose volume"
compose up server nginx 2>"$WORK/compose.log" >/dev/null || { cat "$WORK/compose.log"; fail "compose up"; }
S="$PROJECT-server" N="$PROJECT-nginx"
B="https://localhost:$HTTPS_PORT"
tls=(--cacert "$WORK/tls/tls.crt" --resolve "localhost:$HTTPS_PORT:127.0.0.1" --resolve "localhost:$HTTP_PORT:127.0.0.1")
for _ in $(seq 1 50); do curl -fsS "${tls[@]}" "$B/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fsS "${tls[@]}" -D "$WORK/h.health" "$B/health" | grep -q '"ok"' \
  || { podman logs "$N" 2>&1 | tail -20; fail "/health over HTTPS through nginx"; }
podman healthcheck run "$N" || fail "the proxy's health check"
grep -qi '^strict-transport-security: max-age=[1-9]' "$WORK/h.health" || { cat "$WORK/h.health"; fail "no HSTS header"; }
echo "HTTPS /health through nginx: $(grep -i '^strict-transport-security' "$WORK/h.health" | tr -d '\r')"
# Only the proxy is published: the server's API port is not, its metrics port is.
ports=$(podman port "$S")
echo "$ports" | grep -q '^8080' && fail "the server publishes its API port: $ports"
echo "$ports" | grep -q "^9464/tcp -> 127.0.0.1:$METRICS_PORT" || fail "the metrics port is not published: $ports"
loc=$(curl -s "${tls[@]}" -o /dev/null -w '%{http_code} %{redirect_url}' "http://localhost:$HTTP_PORT/api/v1/version?x=1")
[ "$loc" = "308 https://localhost/api/v1/version?x=1" ] || fail "http:// answered '$loc', not a redirect to https://"
echo "http:// -> $loc"
auth=(-H "Authorization: Bearer $TOKEN")
for m in /metrics /metrics/ //metrics /METRICS /api/v1/../metrics; do
  code=$(curl -s "${tls[@]}" "${auth[@]}" --path-as-is -o /dev/null -w '%{http_code}' "$B$m")
  [ "$code" = 404 ] || [ "$code" = 403 ] || fail "$m through the proxy answered $code"
done
code=$(curl -s "${tls[@]}" -o /dev/null -w '%{http_code}' "$B/api/v1/symbols")
[ "$code" = 401 ] || fail "no token through the proxy answered $code, not 401"
rid=container-tls-$$
code=$(curl -s "${tls[@]}" "${auth[@]}" -H "X-Request-Id: $rid" -H 'Content-Type: application/json' -d "$body" \
       -o "$WORK/t.json" -w '%{http_code}' "$B/api/v1/reports?format=json")
[ "$code" = 200 ] && grep -q '"sharpe"' "$WORK/t.json" || { head -c 300 "$WORK/t.json"; fail "JSON report over HTTPS answered $code"; }
code=$(curl -s "${tls[@]}" "${auth[@]}" -H 'Content-Type: application/json' -d "$body" --compressed \
       -D "$WORK/h.html" -o "$WORK/t.html" -w '%{http_code}' "$B/api/v1/reports?format=html")
[ "$code" = 200 ] && grep -qi '^content-encoding: gzip' "$WORK/h.html" && grep -q '</html>' "$WORK/t.html" \
  || { cat "$WORK/h.html"; fail "gzipped HTML report over HTTPS answered $code"; }
echo "reports over HTTPS: json $(stat -c %s "$WORK/t.json") bytes, html $(stat -c %s "$WORK/t.html") bytes (sent gzipped)"
head -c 9000000 /dev/zero >"$WORK/big.bin"
code=$(curl -s "${tls[@]}" "${auth[@]}" -H 'Content-Type: application/json' --data-binary @"$WORK/big.bin" \
       -o /dev/null -w '%{http_code}' "$B/api/v1/reports")
[ "$code" = 413 ] || fail "a 9 MB body through the proxy answered $code, not 413"
# The server names the client nginx saw (X-Forwarded-For from the trusted proxy), not the proxy.
proxy_ip=$(podman inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$N")
[ "$proxy_ip" = 172.31.87.10 ] || fail "the proxy is at $proxy_ip, not the address the server trusts"
seen=$(podman logs "$N" 2>/dev/null | grep -F "\"request_id\":\"$rid\"" | grep -o '"client":"[^"]*"' | head -1)
logged=$(podman logs "$S" 2>&1 | grep -F "\"request_id\":\"$rid\"" | grep -o '"client":"[^"]*"' | head -1)
[ -n "$seen" ] && [ "$seen" = "$logged" ] && [ "$logged" != "\"client\":\"$proxy_ip\"" ] \
  || fail "client address: nginx saw '$seen', the server logged '$logged' (proxy $proxy_ip)"
echo "request $rid: nginx and the server both log $logged"
curl -fsS "http://127.0.0.1:$METRICS_PORT/metrics" >"$WORK/metrics2.txt" || fail "the metrics port"
grep -q 'tearsheet_http_requests_total{method="POST",route="/api/v1/reports",status="200"} 2' "$WORK/metrics2.txt" \
  || { grep tearsheet_http_requests_total "$WORK/metrics2.txt"; fail "metrics port: reports not counted"; }
grep -q '^tearsheet_http_connections_open ' "$WORK/metrics2.txt" || fail "metrics port: no connection gauge"
echo "metrics port: $(grep -c '^tearsheet_' "$WORK/metrics2.txt") samples without a token"
podman stop -t 10 "$N" >/dev/null && podman stop -t 30 "$S" >/dev/null
for c in "$N" "$S"; do
  rc=$(podman inspect --format '{{.State.ExitCode}}' "$c")
  [ "$rc" = 0 ] || { podman logs "$c" 2>&1 | tail -5; fail "$c exited with $rc"; }
done
echo "proxy pair checked and stopped in $(( $(date +%s) - start )) s"
echo "container test passed (image $(( size / 1000000 )) MB)"
