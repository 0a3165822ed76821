"""Polling speed and memory against real feeds served on loopback.

Serves every file of ../shared/corpus/feeds (relative to the repository root) on
127.0.0.1 with 20 ms of added latency per request and honest ETag/Last-Modified
answers, then times, as whole processes in the same run:

  (a) the naive baseline: httpx 16 at a time, then feedparser.parse with its defaults;
  (b) `monitor once` on a fresh state: the whole pipeline, storing included;
  (c) `monitor once` again with nothing changed;
  (d) `monitor once` on a fresh state with a gzip bomb and a 200 MB body among the
      sources, for the peak memory (ru_maxrss) of the process.

Targets: (b) <= 0.5 x (a); (c) <= 0.1 x (b); (d) peak < 200 MB.

    python bench/poll.py [--runs N] [--corpus DIR]
    python bench/poll.py --memory [--corpus DIR]

`--memory` runs only (b), with the corpus served once, three times and five times over
(each copy at its own path, so every source is new), and prints the peak memory of each:
a cycle that streams holds the bodies in flight, so its peak should hardly grow with the
number of sources.

The bench sources all live on one host, so the config lets 16 fetches in flight per host
with no spacing (what a cycle over many hosts gets); article fetching is off, since the
corpus' article links point at sites that are not served here.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "feeds"
LATENCY = 0.020
MB = 1024 * 1024
LAST_MODIFIED = "Mon, 02 Nov 2026 08:00:00 GMT"


# -- the server ------------------------------------------------------------------------------


def content_type(body: bytes) -> str:
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"{"):
        return "application/feed+json"
    if head.startswith((b"<!doctype html", b"<html")):
        return "text/html; charset=utf-8"
    if b"<feed" in head:
        return "application/atom+xml"
    return "application/rss+xml"


def gzip_bomb(inflated: int = 1024 * MB) -> bytes:
    """`inflated` bytes of zeros as gzip (level 1: about 4.5 MB for a gigabyte)."""
    z = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(MB)
    return b"".join(z.compress(zeros) for _ in range(inflated // MB)) + z.flush()


class Server:
    """The corpus on 127.0.0.1, one path per file, plus /bomb and /huge.

    An asyncio HTTP/1.1 server with keep-alive, in a thread of the bench process: it answers
    far faster than the clients ask, so what is timed is the client, plus the latency.
    """

    def __init__(self, corpus: Path) -> None:
        self.files: dict[str, tuple[bytes, bytes]] = {}  # path -> (200 response, its ETag)
        for path in sorted(corpus.iterdir()):
            if path.is_file():
                body = path.read_bytes()
                tag = '"' + hashlib.md5(body).hexdigest() + '"'
                head = _head(
                    "200 OK",
                    {
                        "Content-Type": content_type(body),
                        "Content-Length": str(len(body)),
                        "ETag": tag,
                        "Last-Modified": LAST_MODIFIED,
                    },
                )
                self.files[f"/feeds/{path.name}"] = (head + body, tag.encode())
        bomb = gzip_bomb()
        self.bomb = (
            _head(
                "200 OK",
                {
                    "Content-Type": "application/rss+xml",
                    "Content-Encoding": "gzip",
                    "Content-Length": str(len(bomb)),
                },
            )
            + bomb
        )
        self.loop = asyncio.new_event_loop()
        started = threading.Event()
        threading.Thread(target=self._run, args=(started,), daemon=True).start()
        started.wait()
        self.url = f"http://127.0.0.1:{self.port}"

    def _run(self, started: threading.Event) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._serve, "127.0.0.1", 0, backlog=512)
        )
        self.port = server.sockets[0].getsockname()[1]
        started.set()
        self.loop.run_forever()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {
                    k.strip().lower(): v.strip()
                    for k, _, v in (line.partition(":") for line in lines[1:] if line)
                }
                await asyncio.sleep(LATENCY)
                if path == "/huge":
                    await self._huge(writer, 200 * MB)
                    return
                if path == "/bomb":
                    writer.write(self.bomb)
                elif _original(path) in self.files:
                    response, tag = self.files[_original(path)]
                    if headers.get("if-none-match", "").encode() == tag:
                        writer.write(_head("304 Not Modified", {"ETag": tag.decode()}))
                    else:
                        writer.write(response)
                else:
                    writer.write(_head("404 Not Found", {"Content-Length": "0"}))
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, IndexError):
            pass  # the client closed the connection (or sent nonsense)
        finally:
            writer.close()

    @staticmethod
    async def _huge(writer: asyncio.StreamWriter, size: int) -> None:
        """A body made while it is sent, never held: it ends when the client hangs up."""
        writer.write(
            _head("200 OK", {"Content-Type": "application/rss+xml", "Connection": "close"})
        )
        piece = b"<item><title>more</title></item>" * 2048
        sent = 0
        while sent < size:
            writer.write(piece)
            sent += len(piece)
            await writer.drain()

    def feed_urls(self, copies: int = 1) -> list[str]:
        """Every feed's URL; with `copies`, each feed again under /copy/N/ paths."""
        urls = [self.url + path for path in self.files]
        return urls + [
            f"{self.url}/copy/{n}{path}" for n in range(1, copies) for path in self.files
        ]

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)


def _original(path: str) -> str:
    """/copy/N/feeds/x.xml -> /feeds/x.xml"""
    if path.startswith("/copy/"):
        return "/" + path.split("/", 3)[3]
    return path


def _head(status: str, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status}", *(f"{k}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


# -- the baseline, run as its own process ------------------------------------------------------


def baseline(url_file: str) -> None:
    import feedparser
    import httpx

    urls = json.loads(Path(url_file).read_text())

    async def fetch_all() -> list[bytes]:
        sem = asyncio.Semaphore(16)
        async with httpx.AsyncClient(timeout=30) as client:

            async def one(url: str) -> bytes:
                async with sem:
                    return (await client.get(url)).content

            return await asyncio.gather(*(one(u) for u in urls))

    entries = sum(len(feedparser.parse(body).entries) for body in asyncio.run(fetch_all()))
    print(json.dumps({"entries": entries}))


# -- running and measuring -----------------------------------------------------------------------


def run(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB, and stdout of one child process (its CPU seconds are
    printed too: on a shared machine they show how much of the wall time was waiting)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err)
        # wait4 reaps this one child and gives its own rusage (its peak RSS alone).
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if child.returncode not in (0, 1):  # 1: a source failed, as the hostile ones do
        sys.exit(f"{' '.join(cmd)} failed ({child.returncode}):\n{stderr[-3000:]}")
    print(f"      cpu {usage.ru_utime + usage.ru_stime:.2f}s, wall {elapsed:.2f}s", flush=True)
    return elapsed, usage.ru_maxrss / 1024, stdout


def write_config(directory: Path, urls: list[tuple[str, str]]) -> Path:
    lines = [
        "[monitor]",
        f'state_dir = "{directory / "state"}"',
        f'rules = "{ROOT / "monitor" / "classify" / "rules.toml"}"',
        "",
        "[fetch]",
        "concurrency = 16",
        "per_host = 16  # every bench source is on one host",
        'host_spacing = "0s"',
        "articles_per_cycle = 0",
        "",
    ]
    for name, url in urls:
        lines += ["[[sources]]", f'name = "{name}"', f'url = "{url}"', 'interval = "5m"', ""]
    path = directory / "monitor.toml"
    path.write_text("\n".join(lines))
    return path


def monitor_once(config: Path) -> list[str]:
    return [sys.executable, "-m", "monitor", "once", "--config", str(config)]


def one_run(server: Server, work: Path) -> dict[str, tuple[float, float]]:
    urls = server.feed_urls()
    url_file = work / "urls.json"
    url_file.write_text(json.dumps(urls))
    names = [(f"f{i:03d}", u) for i, u in enumerate(urls)]
    results: dict[str, tuple[float, float]] = {}

    t, rss, out = run([sys.executable, __file__, "--baseline", str(url_file)])
    results["a"] = (t, rss)
    print(f"  (a) baseline: {t:.2f}s, {json.loads(out)['entries']} entries", flush=True)

    fresh = work / "fresh"
    fresh.mkdir()
    config = write_config(fresh, names)
    t, rss, out = run(monitor_once(config))
    results["b"] = (t, rss)
    print(f"  (b) monitor once, fresh: {t:.2f}s; {out.strip().splitlines()[-1]}", flush=True)
    t, rss, out = run(monitor_once(config))
    results["c"] = (t, rss)
    print(f"  (c) monitor once, unchanged: {t:.2f}s; {out.strip().splitlines()[-1]}", flush=True)

    hostile = work / "hostile"
    hostile.mkdir()
    extra = [("bomb", server.url + "/bomb"), ("huge", server.url + "/huge")]
    config = write_config(hostile, [*names, *extra])
    t, rss, out = run(monitor_once(config))
    results["d"] = (t, rss)
    cut = [line for line in out.splitlines() if line.startswith(("bomb:", "huge:"))]
    print(f"  (d) with a gzip bomb and a 200 MB body: peak {rss:.0f} MB; {'; '.join(cut)}")
    return results


def memory_run(server: Server) -> int:
    """Peak memory of a fresh `monitor once` as the number of sources grows."""
    print(f"\n{'sources':>8} {'seconds':>8} {'peak MB':>8}")
    peaks = []
    for copies in (1, 3, 5):
        urls = server.feed_urls(copies)
        with tempfile.TemporaryDirectory(prefix="bench-poll-mem-") as tmp:
            config = write_config(Path(tmp), [(f"f{i:04d}", u) for i, u in enumerate(urls)])
            t, rss, _out = run(monitor_once(config))
        peaks.append(rss)
        print(f"{len(urls):>8} {t:>8.2f} {rss:>8.0f}", flush=True)
    print(
        f"peak at {len(server.files) * 5} sources / at {len(server.files)}: "
        f"{peaks[-1] / peaks[0]:.2f}x"
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="repeat and report medians")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="directory of feed files")
    parser.add_argument("--baseline", metavar="URLS.json", help=argparse.SUPPRESS)
    parser.add_argument(
        "--memory", action="store_true", help="only peak memory of (b) at 1x, 3x, 5x sources"
    )
    args = parser.parse_args()
    if args.baseline:
        baseline(args.baseline)
        return 0
    if not args.corpus.is_dir():
        print(f"bench/poll.py: no corpus at {args.corpus}; skipped (it is optional)")
        return 0
    server = Server(args.corpus)
    print(f"{len(server.files)} feeds from {args.corpus}, served at {server.url} (+20 ms)")
    if args.memory:
        try:
            return memory_run(server)
        finally:
            server.close()
    runs = []
    try:
        for i in range(args.runs):
            print(f"run {i + 1}/{args.runs}", flush=True)
            with tempfile.TemporaryDirectory(prefix="bench-poll-") as tmp:
                runs.append(one_run(server, Path(tmp)))
    finally:
        server.close()
    med = {
        k: (statistics.median(r[k][0] for r in runs), max(r[k][1] for r in runs)) for k in "abcd"
    }
    a, b, c, d = (med[k][0] for k in "abcd")
    rows = [
        ("(a) baseline: httpx + feedparser defaults", a, "1.00", "", med["a"][1], ""),
        (
            "(b) monitor once, fresh state",
            b,
            f"{b / a:.2f} x (a)",
            "<= 0.5",
            med["b"][1],
            b / a <= 0.5,
        ),
        (
            "(c) monitor once, nothing changed",
            c,
            f"{c / b:.2f} x (b)",
            "<= 0.1",
            med["c"][1],
            c / b <= 0.1,
        ),
        ("(d) fresh, with gzip bomb + 200 MB", d, "", "< 200 MB", med["d"][1], med["d"][1] < 200),
    ]
    print(f"\n{'step':<44} {'seconds':>8}  {'ratio':<12} {'target':<9} {'peak MB':>8}  ok")
    for label, secs, ratio, target, peak, ok in rows:
        mark = "" if ok == "" else ("yes" if ok else "NO")
        print(f"{label:<44} {secs:>8.2f}  {ratio:<12} {target:<9} {peak:>8.0f}  {mark}")
    return 0 if all(ok for *_, ok in rows if ok != "") else 1


if __name__ == "__main__":
    sys.exit(main())
