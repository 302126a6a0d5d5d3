#!/usr/bin/env python3
"""Load test for `tearsheet-cli serve` on loopback (run on demand, bounded in time and count).

  tests/bench/load_serve.py build/bin/tearsheet-cli [--clients 8] [--seconds 60] [--format pdf] [--idle 500]

Starts the server on a free port with the bundled demo prices in a temporary cache, then runs
--clients threads that each post reports back to back for --seconds (at most --max-requests in all),
while a prober asks GET /health every 50 ms. Prints report latency p50/p99, throughput, the
status codes seen, and /health p50/p99/max. --idle N keeps N idle connections open from other
loopback addresses (127.0.0.10 and up, at most 25 each) the whole time, reopening those the server
closes at its header timeout, as an attacker holding connections would. Exits non-zero when /health p99 is 10 ms or more or
a report request failed other than with 503 (the server's answer when its queue is full)."""
import argparse
import http.client
import json
import multiprocessing
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[2]
BODY = json.dumps({"title": "Load", "strategies": [{"portfolio": {"NVDA": 0.4, "ORCL": 0.3, "YHOO": 0.3},
                                                   "rebalance": "monthly"}],
                   "benchmark": {"symbol": "ORCL"}}).encode()


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def prober(port, seconds, results):
    stop = time.monotonic() + seconds
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    times = []
    while time.monotonic() < stop:
        t = time.perf_counter()
        conn.request("GET", "/health")
        conn.getresponse().read()
        times.append(time.perf_counter() - t)
        time.sleep(0.05)
    results.put(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cli")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--max-requests", type=int, default=5000)
    ap.add_argument("--format", default="pdf", choices=["html", "pdf", "json"])
    ap.add_argument("--workers", type=int, default=os.cpu_count())
    ap.add_argument("--queue", type=int, default=16)
    ap.add_argument("--idle", type=int, default=0)
    a = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="tearsheet-load-")
    env = dict(os.environ, TEARSHEET_CACHE=f"{tmp}/cache.sqlite", TEARSHEET_FILE_BASE_URL=str(ROOT / "data/demo"),
               HOME=tmp, XDG_CONFIG_HOME=f"{tmp}/cfg")
    env.pop("TEARSHEET_API_TOKEN", None)
    subprocess.run([a.cli, "download", "--provider", "file", "--symbols", "NVDA,ORCL,YHOO", "--quiet"], env=env,
                   check=True)
    # The report clients share 127.0.0.1, so the per-client request limit is off here.
    server = subprocess.Popen([a.cli, "serve", "--port", "0", "--workers", str(a.workers), "--queue", str(a.queue),
                               "--rate-limit", "0", "--max-connections", str(max(512, a.idle + 64))],
                              env=env, stderr=subprocess.PIPE, text=True)
    port = None
    for line in server.stderr:
        m = re.search(r"listening on http://[^:]+:(\d+)", line)
        if m:
            port = int(m.group(1))
            break
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
    if port is None:
        sys.exit("the server did not start")

    stop = time.monotonic() + a.seconds
    lock = threading.Lock()
    latencies, statuses = [], {}
    count = [0]

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while time.monotonic() < stop:
            with lock:
                if count[0] >= a.max_requests:
                    return
                count[0] += 1
            t = time.perf_counter()
            try:
                conn.request("POST", f"/api/v1/reports?format={a.format}", BODY,
                             {"Content-Type": "application/json"})
                r = conn.getresponse()
                r.read()
                status = r.status
                if status == 503:
                    time.sleep(min(float(r.getheader("Retry-After", "1")), 1.0))
            except Exception as e:  # a timeout or reset is a failure, counted as such
                status = type(e).__name__
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            dt = time.perf_counter() - t
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200:
                    latencies.append(dt)

    idle_open = [0]

    def idler(addr, n):
        import socket
        socks = []
        while time.monotonic() < stop:
            socks = [x for x in socks if x.fileno() >= 0]
            alive = []
            for x in socks:
                try:
                    x.setblocking(False)
                    if x.recv(1) == b"":
                        x.close()
                        continue
                except BlockingIOError:
                    pass
                except OSError:
                    x.close()
                    continue
                alive.append(x)
            socks = alive
            while len(socks) < n:
                x = socket.socket()
                x.bind((addr, 0))
                x.connect(("127.0.0.1", port))
                socks.append(x)
            with lock:
                idle_open[0] = max(idle_open[0], sum(1 for _ in socks))
            time.sleep(0.2)
        for x in socks:
            x.close()

    idlers = []
    left = a.idle
    for i in range(10, 250):
        if left <= 0:
            break
        n = min(25, left)
        idlers.append(threading.Thread(target=idler, args=(f"127.0.0.{i}", n), daemon=True))
        left -= n
    for t in idlers:
        t.start()
    if idlers:
        time.sleep(2)  # all idle connections open before the load starts

    # The prober is its own process: the clients' threads share one interpreter lock, which
    # would add their waits to the /health times.
    results = multiprocessing.Queue()
    probe = multiprocessing.Process(target=prober, args=(port, a.seconds, results))
    threads = [threading.Thread(target=client) for _ in range(a.clients)]
    t0 = time.perf_counter()
    probe.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    health = results.get(timeout=60)
    probe.join()
    elapsed = time.perf_counter() - t0
    server.terminate()
    server.wait(60)

    ok = statuses.get(200, 0)
    print(f"{a.clients} clients, {a.format}, {elapsed:.0f} s, workers {a.workers}, queue {a.queue}, "
          f"idle connections {a.idle}")
    print(f"reports: {ok} ok ({ok / elapsed:.2f}/s), statuses {statuses}")
    print(f"report latency: p50 {pct(latencies, 50) * 1000:.0f} ms, p99 {pct(latencies, 99) * 1000:.0f} ms")
    print(f"/health ({len(health)} probes): p50 {pct(health, 50) * 1000:.2f} ms, "
          f"p99 {pct(health, 99) * 1000:.2f} ms, max {max(health) * 1000:.2f} ms")
    failures = {k: v for k, v in statuses.items() if k not in (200, 503)}
    if failures or pct(health, 99) >= 0.010:
        sys.exit(f"FAILED: {failures or ''} health p99 {pct(health, 99) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
