#!/usr/bin/env python3
"""Checks the deployment files say what the README promises: probes on /health and /ready, limits,
non-root and read-only root filesystems, the CronJob, the Indexed Job's shards, the compose
services, and the Dockerfile's runtime contract; for the TLS proxy (compose's nginx and the
Kubernetes Ingress) that the proxy's limits match the server's (body size, timeouts), /metrics is
not routed through it and Prometheus scrapes the metrics port, and the server trusts
X-Forwarded-For from the proxy's address only. No cluster here, so this reads the files; when nginx
and openssl are installed, `nginx -t` also parses the proxy's configuration."""
import ipaddress
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

root = pathlib.Path(sys.argv[1])
pk = root / "packaging"
errors = []


def check(cond, what):
    if not cond:
        errors.append(what)


docs = {}
for f in sorted((pk / "k8s").glob("*.yaml")):
    for d in yaml.safe_load_all(f.read_text()):
        if d:
            docs[(d["kind"], d.get("metadata", {}).get("name", ""))] = d

kust = docs[("Kustomization", "")]
for r in kust["resources"]:
    check((pk / "k8s" / r).exists(), f"kustomization lists missing {r}")


def pod_spec(kind, name):
    d = docs[(kind, name)]
    if kind == "CronJob":
        return d["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return d["spec"]["template"]["spec"]


for kind, name in [("Deployment", "tearsheet-server"), ("CronJob", "tearsheet-reports"), ("Job", "tearsheet-batch")]:
    spec = pod_spec(kind, name)
    check(spec["securityContext"].get("runAsNonRoot") is True, f"{name}: runAsNonRoot")
    check(spec["securityContext"].get("runAsUser") == 1000, f"{name}: UID 1000")
    c = spec["containers"][0]
    check(c["securityContext"].get("readOnlyRootFilesystem") is True, f"{name}: read-only root filesystem")
    check(c["securityContext"].get("allowPrivilegeEscalation") is False, f"{name}: no privilege escalation")
    check("requests" in c["resources"] and "limits" in c["resources"], f"{name}: requests and limits")
    mounts = {m["mountPath"] for m in c["volumeMounts"]}
    check({"/data", "/config", "/tmp"} <= mounts, f"{name}: /data, /config and a writable /tmp")

server = pod_spec("Deployment", "tearsheet-server")["containers"][0]
check(server["livenessProbe"]["httpGet"]["path"] == "/health", "liveness probe on /health")
check(server["readinessProbe"]["httpGet"]["path"] == "/ready", "readiness probe on /ready")
check(server["args"][0] == "serve", "the Deployment runs serve")
check(any(e["name"] == "TEARSHEET_API_TOKEN" for e in server["env"]), "the server gets its token from a Secret")
svc = docs[("Service", "tearsheet")]
check(svc["spec"]["selector"] == docs[("Deployment", "tearsheet-server")]["spec"]["selector"]["matchLabels"],
      "the Service selects the server pods")

cron = docs[("CronJob", "tearsheet-reports")]
check(len(cron["spec"]["schedule"].split()) == 5, "CronJob schedule is a cron expression")
check(pod_spec("CronJob", "tearsheet-reports")["containers"][0]["args"][:2] == ["schedule", "--once"],
      "CronJob runs schedule --once")

job = docs[("Job", "tearsheet-batch")]
n = job["spec"]["completions"]
check(job["spec"]["completionMode"] == "Indexed", "the batch Job is Indexed")
check(job["spec"]["parallelism"] == n, "parallelism equals completions")
args = pod_spec("Job", "tearsheet-batch")["containers"][0]["args"]
shard = args[args.index("--shard") + 1]
m = re.fullmatch(r"\$\((\w+)\)/(\d+)", shard)
check(m is not None and int(m.group(2)) == n, f"--shard {shard} splits into the {n} completions")
env = {e["name"]: e for e in pod_spec("Job", "tearsheet-batch")["containers"][0].get("env", [])}
check(m is not None and m.group(1) in env, "the shard index variable is declared in env, so Kubernetes expands it")

compose = yaml.safe_load((pk / "compose.yaml").read_text())
for svc_name in ("server", "reports"):
    s = compose["services"][svc_name]
    check("healthcheck" in s, f"compose {svc_name}: health check")
    check("limits" in s["deploy"]["resources"], f"compose {svc_name}: resource limits")
    check("tearsheet-data:/data" in s["volumes"], f"compose {svc_name}: shares the data volume")
check(compose["services"]["server"]["healthcheck"]["test"][-1].endswith("/health"), "compose server probes /health")
check(compose["services"]["reports"]["command"][0] == "schedule", "compose reports service runs schedule")
check((pk / "config" / "reports.json").exists(), "compose example config exists")

df = (pk / "Dockerfile").read_text()
for needle in ("FROM debian:bookworm AS builder", "FROM debian:bookworm-slim", "USER 1000:1000", "tini",
               'VOLUME ["/data", "/config"]', "QT_QPA_PLATFORM=offscreen", "HEALTHCHECK", "fonts-dejavu-core",
               "./build.sh check"):
    check(needle in df, f"Dockerfile: {needle}")
runtime = "\n".join(l for l in df.split("FROM debian:bookworm-slim")[1].splitlines() if not l.startswith("#"))
check(re.search(r"\b[a-z0-9.+-]+-dev\b", runtime) is None, "the runtime stage installs no -dev packages")



# --- the server's figures the proxies must match (serve's defaults unless the args say otherwise)
def flag(args, name, default):
    return int(args[args.index(name) + 1]) if name in args else default


def size_bytes(v):
    m = re.fullmatch(r"(\d+)([kKmMgG]?)", str(v))
    return int(m.group(1)) * {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}[m.group(2).lower()] if m else None


def expand(v):
    """${X:-default} / ${X} as compose would with nothing set."""
    return re.sub(r"\$\{\w+(?::?-([^}]*))?\}", lambda m: m.group(1) or "", str(v))


MAX_BODY_DEFAULT, JOB_TIMEOUT_DEFAULT = 8388608, 120

# --- Kubernetes: metrics port, scrape annotations, Ingress
dep_args = server["args"]
ports = {p["name"]: p["containerPort"] for p in server["ports"]}
check("metrics" in ports, "the server container declares a metrics port")
metrics_port = ports.get("metrics")
check("--metrics-port" in dep_args and flag(dep_args, "--metrics-port", None) == metrics_port,
      "the Deployment runs serve --metrics-port on its metrics containerPort")
ann = svc["metadata"].get("annotations", {})
check(ann.get("prometheus.io/scrape") == "true", "Service: prometheus.io/scrape")
check(ann.get("prometheus.io/path") == "/metrics", "Service: prometheus.io/path /metrics")
svc_ports = {p["name"]: p for p in svc["spec"]["ports"]}
check("metrics" in svc_ports and svc_ports["metrics"]["targetPort"] in ("metrics", metrics_port),
      "the Service exposes the metrics port")
check(ann.get("prometheus.io/port") == str(metrics_port) and ann.get("prometheus.io/port") != str(ports.get("http")),
      f"prometheus.io/port is the metrics port {metrics_port} (the API port's /metrics needs the token)")
check(any(e["name"] == "TEARSHEET_TRUSTED_PROXIES" and e.get("value") for e in server["env"]),
      "the server trusts X-Forwarded-For from the ingress controller only (TEARSHEET_TRUSTED_PROXIES)")

check(("Ingress", "tearsheet") in docs, "an Ingress (ingress.yaml) is listed in the kustomization")
if ("Ingress", "tearsheet") in docs:
    ing = docs[("Ingress", "tearsheet")]
    a = ing["metadata"].get("annotations", {})
    pre = "nginx.ingress.kubernetes.io/"
    check(ing["spec"].get("ingressClassName") == "nginx", "Ingress: ingressClassName nginx")
    check(a.get(pre + "ssl-redirect") == "true" and a.get(pre + "force-ssl-redirect") == "true",
          "Ingress: HTTP redirected to HTTPS")
    check(size_bytes(a.get(pre + "proxy-body-size")) == flag(dep_args, "--max-body", MAX_BODY_DEFAULT),
          "Ingress: proxy-body-size equals the server's --max-body")
    check(int(a.get(pre + "proxy-read-timeout", 0)) > flag(dep_args, "--job-timeout", JOB_TIMEOUT_DEFAULT),
          "Ingress: proxy-read-timeout longer than --job-timeout (a synchronous report waits that long)")
    check(int(a.get(pre + "proxy-connect-timeout", 0)) > 0 and int(a.get(pre + "proxy-send-timeout", 0)) > 0,
          "Ingress: connect and send timeouts")
    check(int(a.get(pre + "limit-rps", 0)) > 0 and int(a.get(pre + "limit-connections", 0)) > 0,
          "Ingress: per-client rate and connection limits")
    hdr_ref = a.get(pre + "custom-headers", "")
    hdr = docs.get(("ConfigMap", hdr_ref.split("/")[-1]))
    hsts = (hdr or {}).get("data", {}).get("Strict-Transport-Security", "")
    check(hdr_ref.startswith("tearsheet/") and re.match(r"max-age=[1-9]\d*", hsts) is not None,
          "Ingress: HSTS through custom-headers (a ConfigMap with Strict-Transport-Security max-age > 0)")
    tls = ing["spec"].get("tls", [])
    rules = ing["spec"]["rules"]
    check(tls and set(tls[0]["hosts"]) == {r["host"] for r in rules}, "Ingress: TLS for every host it routes")
    sec = docs.get(("Secret", tls[0]["secretName"] if tls else ""))
    check(sec is not None and sec.get("type") == "kubernetes.io/tls"
          and {"tls.crt", "tls.key"} <= set(sec.get("stringData", sec.get("data", {}))),
          "Ingress: its TLS Secret (type kubernetes.io/tls, tls.crt and tls.key) is in the kustomization")
    for r in rules:
        for path in r["http"]["paths"]:
            b = path["backend"]["service"]
            check(b["name"] == "tearsheet" and b["port"].get("name") == "http",
                  f"Ingress {path['path']}: to the Service's http port (never the metrics port)")
            allowed = (path["pathType"] == "Exact" and path["path"] in ("/health", "/ready")) or \
                      (path["pathType"] == "Prefix" and path["path"].rstrip("/") == "/api/v1")
            check(allowed, f"Ingress routes {path['pathType']} {path['path']}: only /api/v1, /health and /ready "
                           "(a wider path would expose /metrics)")
netpol = docs.get(("NetworkPolicy", "tearsheet-server"))
if netpol:
    check(netpol["spec"]["podSelector"]["matchLabels"] == docs[("Deployment", "tearsheet-server")]["spec"]["selector"]["matchLabels"],
          "the NetworkPolicy selects the server pods")
    by_port = {tuple(p["port"] for p in r.get("ports", [])): r for r in netpol["spec"]["ingress"]}
    check(("http",) in by_port and ("metrics",) in by_port and len(by_port) == 2,
          "the NetworkPolicy admits the API port and the metrics port separately, nothing else")

# --- compose: the nginx service in front of the server
svcs = compose["services"]
srv, ngx = svcs["server"], svcs.get("nginx")
check(ngx is not None, "compose: an nginx service")
srv_cmd = srv["command"]
c_metrics = flag(srv_cmd, "--metrics-port", None)
check(c_metrics is not None, "compose server: serve --metrics-port")
published = [expand(p).rsplit(":", 1)[-1] for p in srv.get("ports", [])]
check("8080" not in published, "compose server: the API port is not published (only the proxy reaches it)")
check(published == [str(c_metrics)], "compose server: only the metrics port is published (for Prometheus)")
nginx_conf_path = pk / "nginx" / "tearsheet.conf"
conf = nginx_conf_path.read_text() if nginx_conf_path.exists() else ""
check(bool(conf), "packaging/nginx/tearsheet.conf exists")
if ngx:
    nets = ngx.get("networks", {})
    proxy_ip = expand((nets.get("default") or {}).get("ipv4_address", ""))
    trusted = expand(srv["environment"].get("TEARSHEET_TRUSTED_PROXIES", ""))
    check(proxy_ip != "" and trusted == proxy_ip,
          f"compose: the server trusts X-Forwarded-For from the proxy's fixed address only ({trusted!r} vs {proxy_ip!r})")
    subnets = [expand(c["subnet"]) for c in compose.get("networks", {}).get("default", {}).get("ipam", {}).get("config", [])]
    check(any(proxy_ip and ipaddress.ip_address(proxy_ip) in ipaddress.ip_network(n) for n in subnets),
          "compose: the proxy's address is in the network's fixed subnet")
    targets = {expand(p).rsplit(":", 1)[-1] for p in ngx.get("ports", [])}
    check(targets == {"8443", "8080"}, "compose nginx: publishes HTTPS (8443) and the redirect (8080)")
    check(any(expand(v).split(":")[1:] == ["/etc/nginx/tls", "ro"] for v in ngx.get("volumes", [])),
          "compose nginx: the certificate folder mounted read-only at /etc/nginx/tls")
    check(ngx.get("read_only") is True and "/tmp" in ngx.get("tmpfs", []), "compose nginx: read-only with a /tmp tmpfs")
    check(ngx.get("cap_drop") == ["ALL"] and str(ngx.get("user", "0")).split(":")[0] not in ("0", "root"),
          "compose nginx: non-root without capabilities")
    check("healthcheck" in ngx and "limits" in ngx.get("deploy", {}).get("resources", {}),
          "compose nginx: health check and resource limits")
    check((ngx.get("depends_on") or {}).get("server", {}).get("condition") == "service_healthy",
          "compose nginx: starts once the server is healthy")
    check(ngx.get("build", {}).get("context") == "./nginx" and (pk / "nginx" / "Dockerfile").exists(),
          "compose nginx: built from packaging/nginx/Dockerfile")

# --- the nginx configuration agrees with the server and with compose
def directives(name):
    return [m.group(1).strip() for m in re.finditer(rf"^\s*{name}\s+([^;]*);", conf, re.M)]


if conf:
    body = directives("client_max_body_size")
    check(len(body) == 1 and size_bytes(body[0]) == flag(srv_cmd, "--max-body", MAX_BODY_DEFAULT),
          f"nginx: client_max_body_size {body} equals the server's --max-body")
    for name, at_least in (("proxy_read_timeout", flag(srv_cmd, "--job-timeout", JOB_TIMEOUT_DEFAULT) + 1),
                           ("client_header_timeout", 1), ("client_body_timeout", 1), ("send_timeout", 1)):
        vals = directives(name)
        check(bool(vals) and all(int(v.rstrip("s")) >= at_least for v in vals), f"nginx: {name} >= {at_least} s")
    check(any(v.startswith("$binary_remote_addr ") for v in directives("limit_req_zone")),
          "nginx: limit_req_zone keyed by $binary_remote_addr")
    check(any(v.startswith("$binary_remote_addr ") for v in directives("limit_conn_zone")) and directives("limit_conn"),
          "nginx: limit_conn per client address")
    check(directives("limit_req_status") == ["429"], "nginx: the rate limit answers 429 like the server")
    check(any(re.match(r"Strict-Transport-Security \"max-age=[1-9]", v) for v in directives("add_header")),
          "nginx: HSTS header")
    check("on" in directives("gzip") and any("application/json" in v for v in directives("gzip_types")),
          "nginx: gzip on, for JSON too (text/html is always included)")
    sets = directives("proxy_set_header")
    check(any(v.startswith("X-Forwarded-For ") for v in sets), "nginx: X-Forwarded-For to the server")
    check(any(re.match(r"X-Request-Id \$\w+", v) for v in sets) and "$request_id" in conf,
          "nginx: X-Request-Id to the server (the client's, else $request_id)")
    check(re.search(r"listen\s+8080\b[^;]*;[\s\S]*?return\s+30[18]\s+https://", conf) is not None,
          "nginx: plain HTTP on 8080 redirects to https://")
    check(re.search(r"listen\s+8443\s+ssl\b", conf) is not None, "nginx: TLS on 8443")
    certs = directives("ssl_certificate") + directives("ssl_certificate_key")
    check(sorted(c.split("/")[-1] for c in certs) == ["tls.crt", "tls.key"]
          and all(c.startswith(("tls/", "/etc/nginx/tls/")) for c in certs),
          "nginx: certificate and key from the mounted /etc/nginx/tls")
    ups = re.search(r"upstream\s+(\w+)\s*\{([^}]*)\}", conf)
    check(ups is not None and re.search(r"^\s*server\s+server:8080\b", ups.group(2), re.M) is not None,
          "nginx: the upstream is compose's server service on 8080")
    # Every location that proxies, and what it passes on: never /metrics.
    proxied = re.findall(r"location\s+([=^~]*\s*)(\S+)\s*\{([^}]*)\}", conf)
    passing = {(mod.strip(), path) for mod, path, block in proxied if "proxy_pass" in block}
    check(passing == {("", "/api/v1/"), ("=", "/health"), ("=", "/ready")},
          f"nginx: only /api/v1/, /health and /ready are proxied (found {sorted(passing)})")
    check(not re.search(r"proxy_pass\s+\S*metrics", conf), "nginx: /metrics is never proxied")
    check(re.search(r"location\s+/\s*\{\s*return\s+404;", conf) is not None, "nginx: any other path is 404")
    ndf = (pk / "nginx" / "Dockerfile").read_text() if (pk / "nginx" / "Dockerfile").exists() else ""
    for needle in ("FROM debian:bookworm-slim", "nginx-light", "COPY nginx.conf tearsheet.conf /etc/nginx/", "HEALTHCHECK"):
        check(needle in ndf, f"nginx Dockerfile: {needle}")
    user = re.findall(r"^USER\s+(\S+)", ndf, re.M)
    check(bool(user) and user[-1].split(":")[0] not in ("0", "root"), "nginx Dockerfile: runs as a non-root user")

    # nginx -t on the real files (upstream pointed at loopback, a throwaway certificate).
    if shutil.which("nginx") and shutil.which("openssl"):
        with tempfile.TemporaryDirectory() as d:
            dp = pathlib.Path(d)
            (dp / "tls").mkdir()
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                            "-keyout", str(dp / "tls/tls.key"), "-out", str(dp / "tls/tls.crt")], check=True, capture_output=True)
            (dp / "tearsheet.conf").write_text(conf.replace("server server:8080", "server 127.0.0.1:8080"))
            main = (pk / "nginx" / "nginx.conf").read_text().replace("/tmp/", f"{d}/")
            (dp / "nginx.conf").write_text(main)
            r = subprocess.run(["nginx", "-t", "-q", "-p", d, "-c", str(dp / "nginx.conf")],
                               capture_output=True, text=True)
            check(r.returncode == 0, f"nginx -t: {r.stderr.strip()}")

if errors:
    print("\n".join("FAIL: " + e for e in errors))
    sys.exit(1)
print(f"ok: {len(docs)} Kubernetes objects, compose services {sorted(compose['services'])}, Dockerfile, "
      f"nginx configuration{' (nginx -t)' if shutil.which('nginx') and shutil.which('openssl') else ''}")
