"""Regenerate docs/samples/: a Slack alert, an email alert and a digest, made from the demo.

    python bench/make_samples.py [--out docs/samples]

Runs the real pipeline on the bundled demo feeds (served on loopback) with two channels:
Slack, through apprise's own Slack plugin pointed at a loopback webhook instead of
hooks.slack.com, and email, through apprise's mailto:// to a local SMTP server (aiosmtpd,
a test dependency). What those two receive is written out as it arrived, next to the
digest files. The loopback address of the demo server is replaced by a fixed placeholder
so the samples do not change from run to run.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import http.server
import json
import socket
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from apprise.plugins.slack import NotifySlack

from monitor import config, demo, pipeline
from monitor.classify import Classifier
from monitor.digest import job as digest_job
from monitor.store import Store

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = "http://demo.example"


class _Capture:
    """A loopback webhook (Slack's stand-in) and SMTP server that keep what they receive."""

    def __init__(self) -> None:
        self.posts: list[bytes] = []
        self.mails: list[bytes] = []
        capture = self

        class Hook(http.server.BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                capture.posts.append(self.rfile.read(int(self.headers["Content-Length"])))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

        class Smtp:
            async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
                capture.mails.append(envelope.original_content or envelope.content)
                return "250 OK"

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hook)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.smtp_port = sock.getsockname()[1]
        self.smtp = Controller(Smtp(), hostname="127.0.0.1", port=self.smtp_port)
        self.smtp.start()

    @property
    def hook_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/services"

    def close(self) -> None:
        self.smtp.stop()
        self.httpd.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "samples")
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    capture = _Capture()
    NotifySlack.webhook_url = capture.hook_url  # apprise's Slack plugin, posting to loopback
    try:
        with tempfile.TemporaryDirectory() as tmp, demo.serve_directory(demo.data_dir()) as base:
            state = Path(tmp)
            cfg = demo.write_config(state, base, ROOT / "monitor" / "classify" / "rules.toml")
            cfg.write_text(
                cfg.read_text(encoding="utf-8").replace(
                    'name = "console"\nurl = "console://"',
                    'name = "slack"\nurl = "slack://T0DEMO000/B0DEMO000/DemoToken000000000000000'
                    '?blocks=yes&footer=no"\n\n[[channels]]\nname = "email"\n'
                    f'url = "mailto://127.0.0.1:{capture.smtp_port}?from=monitor@example.com'
                    '&to=desk@example.com&mode=insecure"',
                )
                + '\n[digest]\nchannels = ["email"]\n',
                encoding="utf-8",
            )
            settings = config.load(cfg)
            store = Store(settings.db_path)
            now = datetime.now(UTC)
            try:
                ctx = pipeline.Context(settings, store, Classifier.load(settings.rules_path))
                pipeline.run_cycle(ctx, list(settings.sources), lambda: now)
                md_path, html_path = digest_job.for_day(
                    settings, store, now.astimezone(settings.tz).date(), now, send=True
                )
                pipeline.send_due(store, settings, now)
            finally:
                store.close()
            files = _samples(capture, md_path, html_path)
            for name, text in files.items():
                (out / name).write_text(text.replace(base, PLACEHOLDER), encoding="utf-8")
                print(out / name)
    finally:
        capture.close()


def _samples(capture: _Capture, md_path: Path, html_path: Path) -> dict[str, str]:
    if len(capture.posts) != 1 or len(capture.mails) != 2:
        raise SystemExit(
            f"expected 1 Slack post and 2 emails, got {len(capture.posts)} and {len(capture.mails)}"
        )
    alert, digest_mail = (
        email.message_from_bytes(raw, policy=email.policy.default) for raw in capture.mails
    )
    return {
        "slack-alert.json": json.dumps(json.loads(capture.posts[0]), indent=2, ensure_ascii=False)
        + "\n",
        "email-alert.eml": capture.mails[0].decode("utf-8").replace("\r\n", "\n"),
        "email-alert.html": alert.get_body(("html",)).get_content(),  # type: ignore[union-attr]
        "email-alert.txt": alert.get_body(("plain",)).get_content(),  # type: ignore[union-attr]
        "digest-email.txt": digest_mail.get_body(("plain",)).get_content(),  # type: ignore[union-attr]
        "digest-email.html": digest_mail.get_body(("html",)).get_content(),  # type: ignore[union-attr]
        "digest.md": md_path.read_text(encoding="utf-8"),
        "digest.html": html_path.read_text(encoding="utf-8"),
    }


if __name__ == "__main__":
    main()
