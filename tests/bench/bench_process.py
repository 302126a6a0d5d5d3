#!/usr/bin/env python3
"""Whole-process figures of the command line beside QuantStats' (issue 14), on demand.

  tests/bench/bench_process.py [--build build] [--runs 20] [--qs-python /usr/bin/python3]

Each Tearsheet figure is the median of --runs whole-process runs (fork, exec, load, compute,
write, exit) on tests/data/oracle's strat_40y vs bench_40y (10,436 days), with its peak
resident set (GNU time, when /usr/bin/time is there) and the libraries the process mapped (the loader's own report,
LD_DEBUG=files). /bin/true is the machine's floor: what starting any process costs here.

QuantStats 0.0.81 is timed in process (its import excluded) when --qs-python can import it
(PYTHONPATH is passed on); otherwise the figures stored in tests/data/quantstats_timings.json
are printed, marked "stored". Also prints the batch figure: 100 HTML reports, two at a time.
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data", "oracle", "data")
STRAT, BENCH = os.path.join(DATA, "strat_40y.csv"), os.path.join(DATA, "bench_40y.csv")


def run_once(cmd):
    """Wall seconds of one whole process (spawned, output discarded)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                                                (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, _ = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(devnull)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)}: exit {os.waitstatus_to_exitcode(status)}")
    return wall


def peak_rss_mb(cmd):
    """The process' peak resident set, by GNU time: a child of this Python would report Python's
    own pages (the kernel carries the forked copy's peak across exec)."""
    if not os.access("/usr/bin/time", os.X_OK):
        return None
    p = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(p.stderr.strip().splitlines()[-1]) / 1024


def measure(cmd, runs):
    run_once(cmd)  # warm the page cache
    return statistics.median(run_once(cmd) for _ in range(runs)), peak_rss_mb(cmd)


def libraries(cmd):
    p = subprocess.run(cmd, env=dict(os.environ, LD_DEBUG="files"), capture_output=True, text=True)
    return len(set(re.findall(r"file=(\S+)\s+\[\d+\];\s+(?:needed|dynamically loaded) by", p.stderr)))


QS_SCRIPT = r"""
import json, statistics, sys, tempfile, time, warnings
warnings.filterwarnings("ignore")
import pandas as pd
if pd.__version__ < "2.2":  # QuantStats 0.0.81 passes pandas 2.2's period aliases; 1.5 (Debian 12)
    from pandas._libs.tslibs import offsets  # knows the same periods under their old names
    offsets._lite_rule_alias.update({"ME": "M", "QE": "Q-DEC", "YE": "A-DEC", "BME": "BM"})
import quantstats as qs
def load(p):
    s = pd.read_csv(p, index_col=0, parse_dates=True).iloc[:, 0]
    return s
r, b = load(sys.argv[1]), load(sys.argv[2])
b = b[b.index.isin(r.index)]
def timed(f, n):
    t = []
    for _ in range(n):
        s = time.perf_counter(); f(); t.append(time.perf_counter() - s)
    return statistics.median(t)
out = {"quantstats": qs.__version__, "pandas": pd.__version__}
out["metrics_full_s"] = timed(lambda: qs.reports.metrics(r, b, mode="full", display=False), int(sys.argv[3]))
try:
    with tempfile.TemporaryDirectory() as d:
        out["html_s"] = timed(lambda: qs.reports.html(r, b, output=d + "/r.html"), int(sys.argv[4]))
except Exception as e:
    out["html_error"] = f"{type(e).__name__}: {e}"
print(json.dumps(out))
"""


def quantstats_figures(python, metrics_runs, html_runs):
    """QuantStats' figures: measured now where it runs here, the stored ones for the rest."""
    with open(os.path.join(ROOT, "tests", "data", "quantstats_timings.json"), encoding="utf-8") as f:
        stored = json.load(f)
    figures = {k: (v, "stored") for k, v in stored["figures"].items()}
    versions = stored["versions"]
    probe = subprocess.run([python, "-c", "import quantstats"], capture_output=True)
    if probe.returncode != 0:
        return figures, versions, f"QuantStats not importable by {python}: stored figures (tests/data/quantstats_timings.json)"
    p = subprocess.run([python, "-c", QS_SCRIPT, STRAT, BENCH, str(metrics_runs), str(html_runs)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return figures, versions, f"QuantStats failed ({p.stderr.strip()[-200:]}): stored figures"
    now = json.loads(p.stdout.strip().splitlines()[-1])
    for key in ("metrics_full_s", "html_s"):
        if key in now:
            figures[key] = (now[key], "measured now")
    note = f"QuantStats {now['quantstats']} with pandas {now['pandas']} measured now"
    if "html_error" in now:
        note += f"; html() failed here ({now['html_error'][:120]}), its figure is the stored one"
    return figures, versions, note


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--qs-python", default="python3")
    ap.add_argument("--qs-runs", type=int, default=5, help="QuantStats metrics() runs (html: a third)")
    ap.add_argument("--no-batch", action="store_true")
    a = ap.parse_args()
    cli = os.path.join(a.build, "bin", "tearsheet-cli")
    out = tempfile.mkdtemp(prefix="bench-process-")
    pair = ["--returns", STRAT, "--benchmark", BENCH]
    rows = [
        ("a process that does nothing (/bin/true)", ["/bin/true"], None, None),
        ("tearsheet-cli --version", [cli, "--version"], None, 5),
        ("metrics 40y vs 40y --format json", [cli, "metrics", *pair, "--format", "json"], "metrics_full_s", 12),
        ("report 40y vs 40y → HTML", [cli, "report", *pair, "--out", os.path.join(out, "r.html")], "html_s", 200),
        ("report 40y vs 40y → PDF", [cli, "report", *pair, "--out", os.path.join(out, "r.pdf")], "html_s", 250),
    ]
    qs, versions, note = quantstats_figures(a.qs_python, a.qs_runs, max(1, a.qs_runs // 3))
    print(note)
    print(f"stored figures: {versions}")
    print(f"median of {a.runs} whole-process runs; QuantStats in process, import excluded\n")
    print(f"| {'command':40} | {'median':>9} | {'max RSS':>8} | {'libraries':>9} | {'target':>7} | {'QuantStats':>10} | {'×':>6} |")
    print(f"|{'-' * 42}|{'-' * 11}:|{'-' * 9}:|{'-' * 10}:|{'-' * 8}:|{'-' * 11}:|{'-' * 7}:|")
    for label, cmd, qs_key, target in rows:
        wall, rss = measure(cmd, a.runs)
        libs = libraries(cmd)
        q, how = qs.get(qs_key, (None, "")) if qs_key else (None, "")
        ratio = f"{q / wall:.0f}" if q else ""
        qtext = f"{q * 1000:.0f} ms{'*' if how == 'stored' else ''}" if q else ""
        ttext = f"{target} ms" if target else ""
        rtext = f"{rss:5.1f} MB" if rss is not None else "n/a"
        print(f"| {label:40} | {wall * 1000:6.1f} ms | {rtext:>8} | {libs:9d} | {ttext:>7} | {qtext:>10} | {ratio:>6} |",
              flush=True)
    print("\n* stored figure. PDF is compared with QuantStats' html(): QuantStats writes no PDF.")
    if not a.no_batch:
        start = time.perf_counter()
        procs = []
        for i in range(100):
            procs.append(subprocess.Popen([cli, "report", *pair, "--out", os.path.join(out, f"b{i}.html")],
                                          stdout=subprocess.DEVNULL))
            if len(procs) == 2:
                procs.pop(0).wait()
        for p in procs:
            p.wait()
        print(f"\nbatch: 100 HTML reports of the same pair, 2 at a time: {time.perf_counter() - start:.1f} s")
    subprocess.run(["rm", "-rf", out])


if __name__ == "__main__":
    main()
