#!/usr/bin/env python3
"""Loopback market-data server for Tearsheet's tests.

Serves the recorded provider formats of tests/data/providers (see its README) on
127.0.0.1 for every provider route Tearsheet calls, and lets a test pick a failure by symbol:

  NOTFOUND*   unknown symbol, in each provider's own way (404, "No data", [], Error Message)
  FLAKY429*   429 with Retry-After: 1 on the first request, then the OK fixture
  FLAKY500*   500 on the first request, then the OK fixture
  ERR500*     always 500
  SLOW*       answers after 5 s (past the client's timeout in the tests)
  TRUNC*      announces a longer body than it sends, then closes
  GARBAGE*    HTTP 200 with a body that is not the format
  QUOTA*      the provider's quota answer (HTTP 200 body for Stooq/Alpha Vantage/FMP's 200 variant)
  BADKEY*     an invalid-key answer
  PREMIUM*    Alpha Vantage's premium-endpoint answer
  GEN<n>*     Yahoo: a generated 40-year daily history (seeded by the symbol)
  CHANGE*     Yahoo: the OK fixture with adjclose scaled by the knob `adjscale`
  EMPTY*      fundamentals: an empty answer ([] for FMP, empty reports for Alpha Vantage)
Fundamentals (FMP income/balance/cash-flow/ratios/key-metrics, Alpha Vantage INCOME_STATEMENT,
BALANCE_SHEET, CASH_FLOW, OVERVIEW) serve tests/data/fundamentals with the symbol put in; the knob
`fund_quota_after=N` answers FMP's "Limit Reach" after N fundamentals requests, and the knob
`fund_delay=S` holds every FMP fundamentals answer for S seconds (a long run to cancel).
Every other symbol gets the OK fixture. Control routes: GET /__log (requests as JSON),
POST /__reset, POST /__set?name=value (knobs). Prints "PORT <n>" on stdout when ready.
"""
import argparse
import functools
import gzip
import json
import math
import os
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

STATE = {"log": [], "counts": {}, "knobs": {"adjscale": 1.0}}
LOCK = threading.Lock()
FIX = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "providers")


FUND_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "fundamentals")
FMP_FUND = {"income-statement": "income", "balance-sheet-statement": "balance", "cash-flow-statement": "cashflow",
            "ratios": "ratios", "key-metrics": "key_metrics"}
AV_FUND = {"INCOME_STATEMENT": "income", "BALANCE_SHEET": "balance", "CASH_FLOW": "cashflow", "OVERVIEW": "overview"}


def fundamentals(name, symbol):
    with open(os.path.join(FUND_DIR, name + ".json"), "rb") as f:
        return f.read().replace(b"HAND", symbol.encode())


def fixture(rel):
    with open(os.path.join(FIX, rel), "rb") as f:
        return f.read()


@functools.lru_cache(maxsize=256)
def generated_chart(symbol, years=40):
    rnd = random.Random(symbol)
    start = 1704205800 - int(years * 365.25) * 86400  # ends 2024-01-02 14:30 UTC
    ts, close = [], []
    price = 50.0 + rnd.random() * 50
    t = start
    while t <= 1704205800:
        wd = time.gmtime(t).tm_wday
        if wd < 5:
            price *= math.exp(rnd.gauss(0.0003, 0.015))
            ts.append(t)
            close.append(round(price, 4))
        t += 86400
    body = {"chart": {"result": [{
        "meta": {"currency": "USD", "symbol": symbol, "exchangeTimezoneName": "America/New_York",
                 "gmtoffset": -18000, "instrumentType": "EQUITY", "priceHint": 4,
                 "longName": "GENERATED TEST SERIES"},
        "timestamp": ts,
        "indicators": {"quote": [{"open": close, "high": close, "low": close, "close": close,
                                  "volume": [1000] * len(ts)}],
                       "adjclose": [{"adjclose": close}]}}], "error": None}}
    return json.dumps(body).encode()


def filter_yahoo(body, q):
    """Keeps bars within [period1, period2), as Yahoo does."""
    try:
        doc = json.loads(body)
        res = doc["chart"]["result"][0]
    except Exception:
        return body
    p1 = int(q.get("period1", ["0"])[0])
    p2 = int(q.get("period2", [str(2 ** 40)])[0])
    keep = [i for i, t in enumerate(res.get("timestamp", [])) if p1 <= t < p2]
    res["timestamp"] = [res["timestamp"][i] for i in keep]
    quote = res["indicators"]["quote"][0]
    for k in list(quote):
        quote[k] = [quote[k][i] for i in keep]
    for a in res["indicators"].get("adjclose", []):
        a["adjclose"] = [a["adjclose"][i] for i in keep]
    return json.dumps(doc).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/json;charset=utf-8", headers=None, truncate=False):
        if isinstance(body, str):
            body = body.encode()
        enc = self.headers.get("Accept-Encoding", "")
        extra = dict(headers or {})
        if "gzip" in enc and len(body) > 1024 and not truncate:
            body = gzip.compress(body)
            extra["Content-Encoding"] = "gzip"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in extra.items():
            self.send_header(k, v)
        if truncate:
            self.send_header("Content-Length", str(len(body) + 5000))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def record(self, symbol):
        u = urlsplit(self.path)
        with LOCK:
            STATE["log"].append({"t": time.time(), "method": self.command, "path": u.path, "query": u.query,
                                 "symbol": symbol,
                                 "apikey_header": self.headers.get("apikey"),
                                 "authorization": self.headers.get("Authorization"),
                                 "cookie": self.headers.get("Cookie"),
                                 "accept_encoding": self.headers.get("Accept-Encoding")})
            key = (u.path, symbol)
            STATE["counts"][key] = STATE["counts"].get(key, 0) + 1
            return STATE["counts"][key]

    # Generic scenarios; returns True when handled.
    def scenario(self, sym, nth):
        s = sym.upper()
        if s.startswith("FLAKY429") and nth == 1:
            self.send(429, "Too Many Requests", "text/plain", {"Retry-After": "1"})
            return True
        if s.startswith("FLAKY500") and nth == 1:
            self.send(500, "<html>Internal Server Error</html>", "text/html")
            return True
        if s.startswith("ERR500"):
            self.send(500, "<html>Internal Server Error</html>", "text/html")
            return True
        if s.startswith("SLOW"):
            time.sleep(5)
            self.send(200, "[]")
            return True
        if s.startswith("TRUNC"):
            self.send(200, fixture("yahoo/chart_AAPL_1d_ok.json"), truncate=True)
            return True
        if s.startswith("GARBAGE"):
            self.send(200, "{\"chart\": {\"result\": [ {\"meta\": tru", "application/json")
            return True
        return False

    def do_POST(self):
        u = urlsplit(self.path)
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length) if length else b""
        if u.path == "/__reset":
            with LOCK:
                STATE["log"].clear()
                STATE["counts"].clear()
                STATE["knobs"] = {"adjscale": 1.0}
                STATE["fund_count"] = 0
            return self.send(200, "{}")
        if u.path == "/__set":
            with LOCK:
                for k, v in parse_qs(u.query).items():
                    STATE["knobs"][k] = float(v[0])
            return self.send(200, "{}")
        if u.path == "/api/chart/OHLCChart/gap-chart":
            try:
                req = json.loads(raw)
                sym = req["symbols"][0]
                assert req["timeFrame"] == "ONE_DAY" and int(req["countBack"]) > 0 and int(req["to"]) > 0
            except Exception:
                return self.send(400, "{\"error\": \"bad request body\"}")
            nth = self.record(sym)
            if self.scenario(sym, nth):
                return
            if sym.upper().startswith("ERR403"):
                return self.send(403, "Forbidden", "text/plain")
            files = {"FPT": "vci/gap_chart_response_FPT_ok.json", "VNINDEX": "vci/gap_chart_response_VNINDEX_ok.json"}
            if sym in files:
                return self.send(200, fixture(files[sym]))
            return self.send(200, "[]")
        self.send(404, "{}")

    def do_GET(self):
        u = urlsplit(self.path)
        q = parse_qs(u.query)
        path = u.path
        if path == "/__log":
            with LOCK:
                return self.send(200, json.dumps(STATE["log"]))
        # Yahoo
        if path == "/":
            self.record("")
            return self.send(404, "<html>fc</html>", "text/html",
                             {"Set-Cookie": "A3=d=AQABBTEST; Path=/; HttpOnly"})
        if path == "/v1/test/getcrumb":
            self.record("")
            if "A3=" not in (self.headers.get("Cookie") or ""):
                return self.send(401, "Unauthorized", "text/plain")
            return self.send(200, "Ab1Cd2Ef3Gh", "text/plain")
        if path.startswith("/v8/finance/chart/"):
            sym = path.rsplit("/", 1)[1]
            nth = self.record(sym)
            if self.scenario(sym, nth):
                return
            s = sym.upper()
            if s.startswith("NOTFOUND"):
                return self.send(404, fixture("yahoo/chart_not_found_404.json"))
            if s.startswith("QUOTA") or s.startswith("RATELIMIT"):
                return self.send(429, fixture("yahoo/rate_limited_429.txt"), "text/plain")
            if s.startswith("GEN"):
                return self.send(200, filter_yahoo(generated_chart(sym), q))
            body = fixture("yahoo/chart_AAPL_1d_ok.json")
            if s.startswith("CHANGE"):
                doc = json.loads(body)
                adj = doc["chart"]["result"][0]["indicators"]["adjclose"][0]
                scale = STATE["knobs"]["adjscale"]
                adj["adjclose"] = [None if v is None else v * scale for v in adj["adjclose"]]
                body = json.dumps(doc).encode()
            return self.send(200, filter_yahoo(body, q))
        # Stooq
        if path == "/q/d/l/":
            sym = q.get("s", [""])[0]
            nth = self.record(sym)
            if self.scenario(sym, nth):
                return
            s = sym.upper()
            if s.startswith("QUOTA"):
                return self.send(200, fixture("stooq/daily_hits_limit.txt"), "text/plain")
            if s.startswith("NOTFOUND"):
                return self.send(200, fixture("stooq/no_data.txt"), "text/plain")
            if s.startswith("BADKEY") or "apikey" not in q:
                return self.send(200, "<html>Get your apikey at https://stooq.com/q/d/?s=spy.us&get_apikey</html>", "text/html")
            return self.send(200, fixture("stooq/aapl_us_d_ok.csv"), "text/csv")
        # FMP: prices and fundamentals share the key check and the quota answers
        route = path[len("/stable/"):]
        if path.startswith("/stable/historical-price-eod/") or (path.startswith("/stable/") and route in FMP_FUND):
            sym = q.get("symbol", [""])[0]
            nth = self.record(sym)
            if self.scenario(sym, nth):
                return
            s = sym.upper()
            if self.headers.get("apikey") != "testkey" or s.startswith("BADKEY"):
                return self.send(401, fixture("fmp/error_invalid_key_401.json"))
            over = False
            if route in FMP_FUND:
                time.sleep(STATE["knobs"].get("fund_delay", 0))
                with LOCK:
                    STATE["fund_count"] = STATE.get("fund_count", 0) + 1
                    over = "fund_quota_after" in STATE["knobs"] and STATE["fund_count"] > STATE["knobs"]["fund_quota_after"]
            if s.startswith("QUOTA200"):
                return self.send(200, fixture("fmp/error_limit_reach_429.json"))
            if over or s.startswith("QUOTA"):
                return self.send(429, fixture("fmp/error_limit_reach_429.json"))
            if s.startswith("NOTFOUND") or (route in FMP_FUND and s.startswith("EMPTY")):
                return self.send(200, "[]")
            if route not in FMP_FUND:
                return self.send(200, fixture("fmp/historical_price_eod_full_ok.json"))
            kind = FMP_FUND[route]
            if kind in ("ratios", "key_metrics"):
                return self.send(200, fundamentals("fmp_" + kind, sym))
            period = "quarter" if q.get("period", ["annual"])[0] == "quarter" else "annual"
            return self.send(200, fundamentals(f"fmp_{kind}_{period}", sym))
        # Alpha Vantage
        if path == "/query":
            sym = q.get("symbol", [""])[0]
            nth = self.record(sym)
            if self.scenario(sym, nth):
                return
            s = sym.upper()
            if q.get("apikey", [""])[0] != "testkey" or s.startswith("BADKEY"):
                return self.send(200, json.dumps({"Error Message": "the parameter apikey is invalid or missing."}))
            if s.startswith("PREMIUM"):
                return self.send(200, fixture("alphavantage/information_premium_endpoint.json"))
            if s.startswith("QUOTA"):
                return self.send(200, fixture("alphavantage/information_daily_limit.json"))
            if s.startswith("NOTFOUND"):
                return self.send(200, json.dumps({"Error Message": "Invalid API call. Please retry or visit the documentation (https://www.alphavantage.co/documentation/) for TIME_SERIES_DAILY_ADJUSTED."}))
            function = q.get("function", [""])[0]
            if function in AV_FUND:
                if s.startswith("EMPTY"):
                    return self.send(200, "{}" if function == "OVERVIEW" else json.dumps(
                        {"symbol": sym, "annualReports": [], "quarterlyReports": []}))
                return self.send(200, fundamentals("av_" + AV_FUND[function], sym))
            return self.send(200, fixture("alphavantage/daily_adjusted_ok.json"))
        # Tiingo
        if path.startswith("/tiingo/daily/") and path.endswith("/prices"):
            sym = path.split("/")[3]
            nth = self.record(sym)
            if self.scenario(sym, nth):
                return
            s = sym.upper()
            if self.headers.get("Authorization") != "Token testkey" or s.startswith("BADKEY"):
                return self.send(401, json.dumps({"detail": "Invalid token."}))
            if s.startswith("QUOTA"):
                return self.send(429, fixture("tiingo/hourly_allocation_429.json"))
            if s.startswith("NOTFOUND"):
                return self.send(404, json.dumps({"detail": "Error: Ticker '%s' not found" % sym}))
            return self.send(200, fixture("tiingo/daily_prices_ok.json"))
        # EODHD
        if path.startswith("/api/eod/") or path.startswith("/api/div/") or path.startswith("/api/splits/"):
            kind, sym = path.split("/")[2], path.split("/")[3]
            nth = self.record(sym)
            if self.scenario(sym, nth):
                return
            s = sym.upper()
            if q.get("api_token", [""])[0] != "testkey" or s.startswith("BADKEY"):
                return self.send(401, json.dumps({"error": "Unauthenticated"}))
            if s.startswith("QUOTA"):
                return self.send(402, json.dumps({"error": "You exceeded your daily API requests limit."}))
            if s.startswith("NOTFOUND"):
                return self.send(404, "Ticker Not Found.", "text/plain")
            files = {"eod": "eodhd/eod_AAPL_US_ok.json", "div": "eodhd_div_AAPL_US.json", "splits": "eodhd/splits_AAPL_US.json"}
            return self.send(200, fixture(files[kind]))
        self.send(404, "{\"error\": \"no such route\"}")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that gave up (timeout tests) closes its end; that is expected here.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        super().handle_error(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    a = ap.parse_args()
    srv = Server(("127.0.0.1", a.port), Handler)
    print("PORT %d" % srv.server_address[1], flush=True)
    # Ends with its parent: stdin closes when the test process goes away.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    srv.serve_forever()


if __name__ == "__main__":
    main()
