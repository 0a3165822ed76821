"""`monitor demo`: the whole pipeline, offline, on bundled sample feeds served on loopback."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

DEMO_SOURCES = [
    # name, kind, file, extra keys (tier, page selectors)
    ("whitehouse", "rss", "whitehouse.xml", 'tier = "official"\nside = "us"'),
    ("xinhua", "rss", "xinhua.xml", 'tier = "state_media"\nside = "cn"'),
    ("xinhua-zh", "rss", "xinhua_zh.xml", 'tier = "state_media"\nside = "cn"'),
    ("worldwire", "rss", "wire.atom", 'tier = "wire"'),
    ("state-dept", "rss", "statedept.rdf", 'tier = "official"\nside = "us"'),
    (
        "mfa",
        "page",
        "mfa.html",
        'tier = "official"\nside = "cn"\nitem = "ul.list1 li"\ndate = "span"\n',
    ),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        suffix = Path(path).suffix
        return {
            ".xml": "application/rss+xml; charset=utf-8",
            ".atom": "application/atom+xml; charset=utf-8",
            ".rdf": "application/rdf+xml; charset=utf-8",
            ".html": "text/html; charset=utf-8",
        }.get(suffix, "application/octet-stream")


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve a directory on 127.0.0.1 on a free port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def data_dir() -> Path:
    return Path(str(resources.files("monitor.demo") / "data"))


def write_config(state_dir: Path, base_url: str, rules_path: Path) -> Path:
    """A config for the demo: the sample feeds, a console channel, state in `state_dir`."""
    lines = [
        "# Written by `monitor demo`: the bundled sample feeds, served on loopback.",
        "[monitor]",
        f"state_dir = {str(state_dir)!r}",
        'timezone = "UTC"',
        f"rules = {str(rules_path)!r}",
        "",
        "[fetch]",
        'host_spacing = "0s"  # every sample feed is on our own loopback server',
        "# The samples link to real sites: no article page is fetched, so nothing leaves loopback.",
        "articles_per_cycle = 0",
        "",
    ]
    for name, kind, file, extra in DEMO_SOURCES:
        lines += [
            "[[sources]]",
            f'name = "{name}"',
            f'kind = "{kind}"',
            f'url = "{base_url}/{file}"',
            'interval = "5m"',
        ]
        lines += [extra] if extra else []
        lines.append("")
    lines += ["[[channels]]", 'name = "console"', 'url = "console://"', ""]
    # The demo exists to show an alert, so its first poll is not a silent catch-up.
    lines += ["[alerts]", "catchup_new_sources = false", ""]
    path = state_dir / "demo.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
