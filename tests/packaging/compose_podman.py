#!/usr/bin/env python3
"""Runs services of packaging/compose.yaml with plain `podman run`, for machines without a Docker
engine. Debian's podman-compose (1.0.3) ignores what the proxy setup needs (the network's `ipam`
subnet, `ipv4_address`, `depends_on` conditions), so this reads the same file and translates the
keys the project uses; a key it does not know stops it rather than being dropped silently.

  compose_podman.py up   COMPOSE PROJECT SERVICE...   # network, then each service in order (-d)
  compose_podman.py down COMPOSE PROJECT              # containers, network and named volumes

Variables are interpolated from the environment like compose does (${X}, ${X:-default},
${X:?message}, $$). Containers are named PROJECT-SERVICE, named volumes PROJECT_NAME, the
network PROJECT_default; each container gets its service name as a DNS alias."""
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys
import time

import yaml

# Keys each service may have: translated below, or deliberately not used for a one-off run.
TRANSLATED = {"image", "command", "user", "read_only", "tmpfs", "volumes", "environment", "ports",
              "networks", "security_opt", "cap_drop", "healthcheck", "stop_grace_period", "deploy",
              "depends_on"}
IGNORED = {"build",    # the images are built before
           "restart"}  # a test run wants a failure to stay visible


def interpolate(value):
    if isinstance(value, dict):
        return {k: interpolate(v) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m):
        if m.group(0) == "$$":
            return "$"
        name, op, arg = m.group(1) or m.group(4), m.group(2), m.group(3)
        val = os.environ.get(name)
        missing = (not val) if op and op.startswith(":") else val is None
        if op in (":-", "-") and missing:
            return arg
        if op in (":?", "?") and missing:
            sys.exit(f"compose: {name}: {arg}")
        return val or ""

    return re.sub(r"\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)", sub, value)


def seconds(v):
    m = re.fullmatch(r"(\d+)(ms|s|m)?", str(v))
    n = int(m.group(1))
    return {"ms": n / 1000, "m": n * 60}.get(m.group(2), n)


def run(args, check=True):
    print("+ podman " + shlex.join(args), file=sys.stderr)
    r = subprocess.run(["podman", *args])
    if check and r.returncode != 0:
        sys.exit(f"compose_podman: podman {args[0]} exited with {r.returncode}")
    return r


def service_args(name, s, project, base):
    unknown = set(s) - TRANSLATED - IGNORED
    if unknown:
        sys.exit(f"compose_podman: service {name}: keys not translated: {sorted(unknown)}")
    a = ["run", "-d", "--name", f"{project}-{name}"]
    if "user" in s:
        a += ["--user", str(s["user"])]
    if s.get("read_only"):
        a.append("--read-only")
    for t in s.get("tmpfs", []):
        a += ["--tmpfs", t]
    for v in s.get("volumes", []):
        src, dst, *mode = v.split(":")
        if src.startswith((".", "/")):
            src = str((base / src).resolve())
        else:
            src = f"{project}_{src}"
        a += ["-v", ":".join([src, dst, *mode])]
    for k, v in (s.get("environment") or {}).items():
        a += ["-e", f"{k}={v}"]
    for p in s.get("ports", []):
        a += ["-p", str(p)]
    nets = s.get("networks") or {"default": None}
    for net, cfg in (nets.items() if isinstance(nets, dict) else ((n, None) for n in nets)):
        a += ["--network", f"{project}_{net}", "--network-alias", name]
        if cfg and cfg.get("ipv4_address"):
            a += ["--ip", cfg["ipv4_address"]]
    for o in s.get("security_opt", []):
        a += ["--security-opt", o]
    for c in s.get("cap_drop", []):
        a += ["--cap-drop", c]
    hc = s.get("healthcheck")
    if hc:
        test = hc["test"]
        if isinstance(test, list):
            kind, *cmd = test
            test = shlex.join(cmd) if kind == "CMD" else cmd[0]
        a += ["--health-cmd", test]
        for key, flag in (("interval", "--health-interval"), ("timeout", "--health-timeout"),
                          ("start_period", "--health-start-period")):
            if key in hc:
                a += [flag, hc[key]]
        if "retries" in hc:
            a += ["--health-retries", str(hc["retries"])]
    if "stop_grace_period" in s:
        a += ["--stop-timeout", str(int(seconds(s["stop_grace_period"])))]
    res = (s.get("deploy") or {}).get("resources") or {}
    lim, rsv = res.get("limits") or {}, res.get("reservations") or {}
    if "cpus" in lim:
        a += ["--cpus", str(lim["cpus"])]
    if "memory" in lim:
        a += ["--memory", str(lim["memory"])]
    if "memory" in rsv:
        a += ["--memory-reservation", str(rsv["memory"])]
    a.append(s["image"])
    cmd = s.get("command")
    if cmd:
        a += cmd if isinstance(cmd, list) else shlex.split(cmd)
    return a


def main():
    action, compose_file, project, *services = sys.argv[1:]
    path = pathlib.Path(compose_file)
    doc = yaml.safe_load(path.read_text())
    doc.pop("x-common", None)
    if action == "down":
        for name in doc["services"]:
            run(["rm", "-f", "-v", "-t", "10", f"{project}-{name}"], check=False)
        for net in doc.get("networks") or {"default": None}:
            run(["network", "rm", "-f", f"{project}_{net}"], check=False)
        for vol in doc.get("volumes") or {}:
            run(["volume", "rm", "-f", f"{project}_{vol}"], check=False)
        return
    doc = interpolate(doc)
    for net, cfg in (doc.get("networks") or {"default": None}).items():
        a = ["network", "create"]
        for sub in ((cfg or {}).get("ipam") or {}).get("config", []):
            a += ["--subnet", sub["subnet"]]
        if subprocess.run(["podman", "network", "exists", f"{project}_{net}"]).returncode != 0:
            run([*a, f"{project}_{net}"])
    started = set()
    for name in services:
        s = doc["services"][name]
        deps = s.get("depends_on") or {}
        for d in deps:
            if d not in started:
                sys.exit(f"compose_podman: {name} depends on {d}: name it first")
            cond = deps[d].get("condition") if isinstance(deps, dict) else "service_started"
            if cond == "service_healthy":
                wait_healthy(f"{project}-{d}")
        run(service_args(name, s, project, path.parent))
        started.add(name)
    print(json.dumps({"started": sorted(started)}))


def wait_healthy(container, timeout=90):
    """What compose does for `condition: service_healthy`: the health check passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if subprocess.run(["podman", "healthcheck", "run", container], capture_output=True).returncode == 0:
            print(f"{container}: healthy", file=sys.stderr)
            return
        time.sleep(1)
    subprocess.run(["podman", "logs", "--tail", "20", container])
    sys.exit(f"compose_podman: {container} not healthy within {timeout} s")


if __name__ == "__main__":
    main()
