#!/usr/bin/env python3
"""Checks the deployment files say what the README promises: probes on /health and /ready, limits,
non-root and read-only root filesystems, the CronJob, the Indexed Job's shards, the compose
services, and the Dockerfile's runtime contract. No cluster here, so this reads the files."""
import pathlib
import re
import sys

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

if errors:
    print("\n".join("FAIL: " + e for e in errors))
    sys.exit(1)
print(f"ok: {len(docs)} Kubernetes objects, compose services {sorted(compose['services'])}, Dockerfile")
