#!/usr/bin/env python3
"""Headless commands load no GUI library (issue 14): the libraries each process really maps.

Usage: test_headless_libs.py TEARSHEET_CLI PROJECT_DIR

Short commands run under LD_DEBUG=files, where the dynamic loader itself reports every library it
maps into the process (needed at start or dlopen'ed later), tagged with the process id: only the
command's own process is judged, not the renderer children of `schedule`. `serve` is judged from
/proc/PID/maps while it runs, after it answered /health and drew a report through its renderer.
`report` is the control: it must map Qt Gui, or the detector is blind. Standard library only.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

NET = re.compile(r"lib(curl|microhttpd|Qt6Network|ssl|gnutls)[.-]")
GUI = re.compile(r"lib(Qt6(Gui|Widgets|Charts|OpenGL|OpenGLWidgets|Svg|PrintSupport|XcbQpa|DBus)|GL|EGL|GLX|X11|xcb|xkbcommon)[.-]")
LOADED = re.compile(r"^\s*(\d+):\s+file=(\S+)\s+\[\d+\];\s+(needed|dynamically loaded) by")

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def loaded_libraries(cmd, env, cwd):
    """Libraries the loader mapped into the process it started for cmd (not into its children)."""
    e = dict(env, LD_DEBUG="files")
    p = subprocess.Popen(cmd, env=e, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    out, err = p.communicate(timeout=240)
    libs = set()
    for line in err.decode(errors="replace").splitlines():
        m = LOADED.match(line)
        if m and int(m.group(1)) == p.pid:
            libs.add(os.path.basename(m.group(2)))
    messages = "\n".join(l for l in err.decode(errors="replace").splitlines() if not LOADED.match(l)
                         and not re.match(r"^\s*\d+:", l))
    return p.returncode, libs, out.decode(errors="replace"), messages


def judge(name, cmd, env, cwd, want_code=0, network=False):
    """network: the command downloads, so libcurl must be there (loaded on demand); else absent."""
    code, libs, out, messages = loaded_libraries(cmd, env, cwd)
    check(code == want_code, f"{name}: exit {code} (want {want_code}) {messages[-300:]}")
    check("libQt6Core.so.6" in libs, f"{name}: the loader's report was read ({len(libs)} libraries)")
    gui = sorted(l for l in libs if GUI.search(l))
    check(not gui, f"{name}: maps no GUI library {gui if gui else ''}")
    net = sorted(l for l in libs if NET.search(l))
    if network:
        check("libcurl.so.4" in libs, f"{name}: loaded libcurl for its download")
    else:
        check(not net, f"{name}: maps no network library {net if net else ''}")
    return libs, out


def main():
    cli, project = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    oracle = os.path.join(project, "tests", "data", "oracle", "data")
    tmp = tempfile.mkdtemp(prefix="headless-libs-")
    try:
        cache = os.path.join(tmp, "cache.sqlite")
        env = dict(os.environ, HOME=tmp, XDG_CONFIG_HOME=os.path.join(tmp, "config"),
                   XDG_DATA_HOME=os.path.join(tmp, "data"), TEARSHEET_FILE_BASE_URL=os.path.join(project, "data", "demo"),
                   TEARSHEET_CACHE=cache)
        env.pop("QT_QPA_PLATFORM", None)

        libs, out = judge("--version", [cli, "--version"], env, tmp)
        check(out.startswith("tearsheet-cli "), "--version prints the version")
        print(f"     --version maps {len(libs)} libraries", flush=True)
        libs, out = judge("metrics", [cli, "metrics", "--returns", os.path.join(oracle, "strat_40y.csv"), "--benchmark",
                                      os.path.join(oracle, "bench_40y.csv"), "--format", "json"], env, tmp)
        check("sharpe" in json.loads(out)["metrics"], "metrics computed the table")
        judge("download", [cli, "download", "--provider", "file", "--symbols", "NVDA,ORCL", "--full", "--quiet"], env, tmp,
              network=True)
        libs, out = judge("cache list", [cli, "cache", "list"], env, tmp)
        check("NVDA" in out, "cache list shows the downloaded symbol")
        judge("cache show", [cli, "cache", "show", "NVDA", "--format", "csv"], env, tmp)
        judge("providers", [cli, "providers"], env, tmp)
        judge("config show", [cli, "config", "show"], env, tmp)
        judge("fundamentals show", [cli, "fundamentals", "show", "NVDA"], env, tmp, want_code=4)  # none stored
        judge("help", [cli, "--help"], env, tmp)

        # schedule: the refreshing process stays headless; its renderer child draws the batch.
        config = os.path.join(tmp, "reports.json")
        with open(config, "w") as f:
            json.dump({"defaults": {"formats": ["html"]},
                       "reports": [{"name": "nvda", "strategies": [{"symbol": "NVDA"}], "benchmark": {"symbol": "ORCL"}}]},
                      f)
        outdir = os.path.join(tmp, "reports")
        judge("schedule --once", [cli, "schedule", "--once", "--no-download", "--config", config, "--out-dir", outdir],
              env, tmp)
        check(os.path.getsize(os.path.join(outdir, "nvda.html")) > 10000, "schedule's renderer wrote the report")

        # The control: report becomes tearsheet-render in the same process, which maps Qt Gui.
        code, libs, _, messages = loaded_libraries(
            [cli, "report", "--returns", os.path.join(oracle, "strat_a.csv"), "--out", os.path.join(tmp, "r.html")],
            env, tmp)
        check(code == 0, f"report: exit {code} {messages[-300:]}")
        check(any(l.startswith("libQt6Gui") for l in libs), "report (the control) maps Qt Gui: the detector sees GUI libraries")

        # serve: the server process, after /health and a report drawn by its renderer child.
        p = subprocess.Popen([cli, "serve", "--port", "0"], env=env, cwd=tmp, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            port = None
            deadline = time.time() + 30
            line = b""
            while time.time() < deadline and port is None:
                line = p.stderr.readline()
                m = re.search(rb"listening on https?://[^:\s]+:(\d+)", line)
                if m:
                    port = int(m.group(1))
            check(port is not None, "serve started")
            if port:
                base = f"http://127.0.0.1:{port}"
                with urllib.request.urlopen(base + "/health", timeout=10) as r:
                    check(r.status == 200, "serve answers /health")
                body = json.dumps({"strategies": [{"symbol": "NVDA"}], "benchmark": {"symbol": "ORCL"}}).encode()
                req = urllib.request.Request(base + "/api/v1/reports?format=json", data=body,
                                             headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=120) as r:
                    check(r.status == 200 and b"metrics" in r.read(), "serve drew a report through its renderer")
                with open(f"/proc/{p.pid}/maps") as f:
                    mapped = {os.path.basename(l.split()[-1]) for l in f if "/" in l}
                check(any(l.startswith("libQt6Core.so.6") for l in mapped), f"serve: /proc/{p.pid}/maps was read ({len(mapped)} files)")
                gui = sorted(l for l in mapped if GUI.search(l))
                check(not gui, f"serve: maps no GUI library {gui if gui else ''}")
        finally:
            p.terminate()
            p.wait(timeout=30)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
