"""The daemon's detection latency, and its CPU and memory when there is nothing new.

    python bench/latency.py [--items 20] [--sources 200] [--window 60]

Everything runs on 127.0.0.1: this script serves the feeds and receives the alerts, and
`python -m monitor run` runs as a separate process, measured from /proc.

1. Latency: one source polled every 5 s; 20 reports of distinct leader calls appear in
   its feed one by one, at random moments; each is timed from the instant the feed
   changes to the instant the alert reaches the local webhook. Expect about half an
   interval on average and at most one interval plus a little.
2. Idle: 200 sources (on one loopback host, so the per-host limits are lifted), each
   answering 304 Not Modified after the first poll. The daemon's CPU (utime + stime) and
   memory (VmRSS) over a window, twice: with 1 h intervals (no poll falls in the window:
   the floor of heartbeat and scheduler) and with 1 min intervals (every source polled
   once in the window). The cost of one 304 poll follows,
   and from it the CPU use at the intervals a real config uses (5 to 15 min).
"""

from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


# Twenty reports of different communications, worded differently, so that none is taken
# for a copy of another.
REPORTS = [
    "Trump and Xi Jinping hold phone call on trade",
    "Xi Jinping speaks with Trump by phone about fentanyl controls",
    "Trump, Xi discuss Taiwan in video call",
    "President Xi and President Trump meet in Busan for summit talks",
    "Trump says he spoke with Xi Jinping on the phone about soybeans",
    "Xi Jinping holds virtual meeting with Donald Trump on climate",
    "Trump sends letter to Xi Jinping ahead of trade talks",
    "Xi and Trump talk by telephone as tariff deadline nears",
    "Donald Trump meets Xi Jinping on sidelines of G20 in Johannesburg",
    "Xi Jinping, Trump hold call on rare earth exports",
    "Trump and Xi hold video conference on artificial intelligence",
    "Xi Jinping sends congratulatory message to Trump",
    "Trump phones Xi Jinping to discuss North Korea",
    "Xi Jinping and Donald Trump hold talks in Beijing",
    "Trump and Xi speak by phone about TikTok deal",
    "Xi Jinping tells Trump in phone call that Taiwan is a red line",
    "Trump and Xi Jinping meet at APEC summit in Gyeongju",
    "Trump holds hour-long call with Xi Jinping on Ukraine",
    "Xi Jinping receives letter from Trump on fentanyl cooperation",
    "Trump and Xi Jinping talk by video link about shipping",
]


class Feeds:
    """Feeds on loopback with ETags: a second poll of an unchanged feed gets a 304."""

    def __init__(self) -> None:
        self.bodies: dict[str, bytes] = {}
        feeds = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                body = feeds.bodies.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                tag = '"' + hashlib.md5(body).hexdigest() + '"'
                if self.headers.get("If-None-Match") == tag:
                    self.send_response(304)
                    self.send_header("ETag", tag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", tag)
                self.end_headers()
                self.wfile.write(body)

        class Server(http.server.ThreadingHTTPServer):
            request_queue_size = 256  # 200 sources may connect in a burst
            daemon_threads = True

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class Hook:
    """A webhook that notes when each alert arrives."""

    def __init__(self) -> None:
        self.arrivals: list[tuple[float, str]] = []
        hook = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                at = time.monotonic()
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                try:
                    title = str(json.loads(raw).get("title", ""))
                except ValueError:
                    title = ""
                hook.arrivals.append((at, title))
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"json://127.0.0.1:{self.httpd.server_address[1]}/hook"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def rss(items: list[tuple[str, str, datetime]]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>https://news.example.org/{guid}</link>"
        f"<guid>{guid}</guid><pubDate>{format_datetime(when)}</pubDate></item>"
        for guid, title, when in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>https://news.example.org/</link><description>news</description>{entries}"
        "</channel></rss>"
    ).encode()


def quiet(prefix: str, n: int) -> list[tuple[str, str, datetime]]:
    when = datetime.now(UTC) - timedelta(hours=2)
    return [(f"{prefix}-q{i}", f"Harbour traffic update {i} for {prefix}", when) for i in range(n)]


def write_config(directory: Path, sources: list[tuple[str, str, str]], hook: str | None) -> Path:
    lines = [
        "[monitor]",
        f"state_dir = {json.dumps(str(directory / 'state'))}",
        f"rules = {json.dumps(str(ROOT / 'monitor' / 'classify' / 'rules.toml'))}",
        "",
        # The sources stand for as many sites, but share one loopback address here: without
        # this, the per-host limit and spacing would poll them one a second.
        "[fetch]",
        "per_host = 16",
        'host_spacing = "0s"',
        "articles_per_cycle = 0  # the items link to a made-up host: look nothing up",
        "",
    ]
    for name, url, interval in sources:
        lines += ["[[sources]]", f'name = "{name}"', f'url = "{url}"', f'interval = "{interval}"']
        lines.append("")
    if hook:
        lines += ["[[channels]]", 'name = "hook"', f'url = "{hook}"', ""]
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "monitor.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class Daemon:
    def __init__(self, config: Path, log: Path) -> None:
        env = {k: v for k, v in os.environ.items() if k != "MONITOR_CONFIG"}
        self.log = open(log, "w", encoding="utf-8")  # noqa: SIM115  closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "monitor", "run", "--config", str(config)],
            stderr=self.log,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
        )
        self.db = config.parent / "state" / "monitor.db"

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def polled(self) -> int:
        """How many sources have been polled at least once."""
        if not self.db.exists():
            return 0
        try:
            db = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=5)
            try:
                return int(
                    db.execute(
                        "SELECT count(*) FROM sources WHERE last_poll IS NOT NULL"
                    ).fetchone()[0]
                )
            finally:
                db.close()
        except sqlite3.OperationalError:
            return 0

    def wait_polled(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while self.polled() < count:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise SystemExit(
                    f"the daemon polled {self.polled()} of {count} sources; see {self.log.name}"
                )
            time.sleep(0.2)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
        code = self.proc.wait(timeout=30)
        self.log.close()
        return code


def latency(items: int, work: Path) -> list[float]:
    feeds, hook = Feeds(), Hook()
    try:
        base = quiet("wire", 5)
        feeds.bodies["/wire.xml"] = rss(base)
        cfg = write_config(work, [("wire", f"{feeds.url}/wire.xml", "5s")], hook.url)
        daemon = Daemon(cfg, work / "latency.log")
        try:
            return _time_reports(items, daemon, feeds, hook, base)
        finally:
            daemon.stop()
    finally:
        feeds.close()
        hook.close()


def _time_reports(
    items: int, daemon: Daemon, feeds: Feeds, hook: Hook, base: list[tuple[str, str, datetime]]
) -> list[float]:
    daemon.wait_polled(1, 60)  # the first poll records what is there, silently
    shown: list[tuple[str, str, datetime]] = list(base)
    results = []
    rng = random.Random(7)
    for i in range(items):
        time.sleep(rng.uniform(1.0, 9.0))
        # A distinct call each time: three days apart, so each is its own event.
        when = datetime.now(UTC) - timedelta(days=3 * i, hours=1)
        shown.append((f"call-{i}", REPORTS[i % len(REPORTS)], when))
        before = len(hook.arrivals)
        feeds.bodies["/wire.xml"] = rss(shown)
        appeared = time.monotonic()
        deadline = appeared + 30
        while len(hook.arrivals) == before and time.monotonic() < deadline:
            time.sleep(0.005)
        if len(hook.arrivals) == before:
            print(f"  item {i + 1}: no alert within 30 s", flush=True)
            continue
        results.append(hook.arrivals[before][0] - appeared)
        print(f"  item {i + 1:2d}: alerted after {results[-1]:.2f} s", flush=True)
    return results


def idle(sources: int, interval: str, window: float, work: Path) -> dict[str, float]:
    feeds = Feeds()
    try:
        for i in range(sources):
            feeds.bodies[f"/s{i}.xml"] = rss(quiet(f"s{i}", 10))
        cfg = write_config(
            work, [(f"s{i}", f"{feeds.url}/s{i}.xml", interval) for i in range(sources)], None
        )
        daemon = Daemon(cfg, work / "daemon.log")
        try:
            daemon.wait_polled(sources, 120)  # first polls: 200s, items stored
            time.sleep(5)  # let the last first-poll work settle
            cpu0, t0 = daemon.cpu_seconds(), time.monotonic()
            peak = daemon.rss_mb()
            while time.monotonic() - t0 < window:
                time.sleep(1)
                peak = max(peak, daemon.rss_mb())
            cpu1, t1 = daemon.cpu_seconds(), time.monotonic()
            rss_end = daemon.rss_mb()
            lines = (work / "daemon.log").read_text().count("polled source=")
        finally:
            daemon.stop()
        return {
            "cpu_percent": 100 * (cpu1 - cpu0) / (t1 - t0),
            "cpu_seconds": cpu1 - cpu0,
            "rss_mb": rss_end,
            "rss_peak_mb": peak,
            "polls_logged": lines,
        }
    finally:
        feeds.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20, help="reports to time (latency)")
    parser.add_argument("--sources", type=int, default=200, help="sources (idle)")
    parser.add_argument("--window", type=float, default=60.0, help="idle window, seconds")
    parser.add_argument("--only", choices=("latency", "idle"), help="run one part only")
    args = parser.parse_args()
    lat: list[float] = []
    floor: dict[str, float] | None = None
    busy: dict[str, float] | None = None

    with tempfile.TemporaryDirectory(prefix="monitor-bench-") as tmp:
        work = Path(tmp)
        if args.only != "idle":
            print(f"latency: {args.items} reports, one source polled every 5 s", flush=True)
            lat = latency(args.items, work / "latency")
        if args.only != "latency":
            print(f"idle: {args.sources} sources answering 304, {args.window:g} s", flush=True)
            floor = idle(args.sources, "1h", args.window, work / "idle-1h")
            busy = idle(args.sources, "1m", args.window, work / "idle-1m")

    print()
    if lat:
        print(
            f"detection latency over {len(lat)} of {args.items} reports (interval 5 s): "
            f"median {statistics.median(lat):.2f} s, mean {statistics.mean(lat):.2f} s, "
            f"worst {max(lat):.2f} s"
        )
    if floor is None or busy is None:
        return
    polls_per_window = args.sources * args.window / 60
    per_poll_ms = 1000 * (busy["cpu_seconds"] - floor["cpu_seconds"]) / polls_per_window
    print(
        f"{args.sources} sources, nothing due in the window (1 h intervals): "
        f"CPU {floor['cpu_percent']:.3f} %, RSS {floor['rss_mb']:.0f} MB "
        f"(peak {floor['rss_peak_mb']:.0f} MB)"
    )
    print(
        f"{args.sources} sources every minute, all 304: CPU {busy['cpu_percent']:.2f} %, "
        f"RSS {busy['rss_mb']:.0f} MB (peak {busy['rss_peak_mb']:.0f} MB); "
        f"{per_poll_ms:.1f} ms of CPU per 304 poll"
    )
    for minutes in (5, 10, 15):
        cpu = floor["cpu_percent"] + 100 * per_poll_ms / 1000 * args.sources / (minutes * 60)
        print(f"  so {args.sources} sources every {minutes} min: about {cpu:.2f} % CPU")


if __name__ == "__main__":
    main()
