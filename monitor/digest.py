"""The daily digest: what happened, what is planned, what else was said, and source health.

Rendered from Jinja2 templates (Markdown, and HTML with autoescaping so untrusted text
is always escaped) and written to `state_dir/digests/YYYY-MM-DD.md` and `.html`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from monitor.alerts import KIND_LABELS
from monitor.models import Event, Item, SourceState

_ENV_HTML = jinja2.Environment(
    loader=jinja2.PackageLoader("monitor", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)
_ENV_MD = jinja2.Environment(
    loader=jinja2.PackageLoader("monitor", "templates"),
    autoescape=False,
    trim_blocks=True,
    lstrip_blocks=True,
    undefined=jinja2.StrictUndefined,
)


@dataclass
class DigestData:
    day: str  # YYYY-MM-DD in the configured time zone
    timezone: str
    generated: datetime
    events: list[Event] = field(default_factory=list)
    planned: list[Event] = field(default_factory=list)
    other: list[Item] = field(default_factory=list)
    sources: list[SourceState] = field(default_factory=list)
    undelivered: list[dict[str, object]] = field(default_factory=list)


def day_window(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants bounding a local calendar day."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, start + timedelta(days=1)


def _md_text(text: str) -> str:
    """Keep untrusted text from turning into Markdown links, images or HTML."""
    return (
        text.replace("\\", "\\\\")
        .replace("[", "\\[")
        .replace("]", "\\]")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\n", " ")
    )


def safe_url(url: str | None) -> str:
    """Only http(s) links survive; anything else (javascript:, data:) becomes '#'."""
    if not url or not url.lower().startswith(("http://", "https://")):
        return "#"
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace('"', "%22")


def _kind(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


_ENV_MD.filters["md"] = _md_text
for env in (_ENV_HTML, _ENV_MD):
    env.filters["kind"] = _kind
    env.filters["url"] = safe_url


def render(data: DigestData) -> tuple[str, str]:
    """(markdown, html) for one digest."""
    ctx = {"d": data, "tz": data.timezone}
    return (
        _ENV_MD.get_template("digest.md.j2").render(**ctx),
        _ENV_HTML.get_template("digest.html.j2").render(**ctx),
    )


def write(directory: Path, day: str, markdown: str, html: str) -> tuple[Path, Path]:
    """Write both files atomically (a reader never sees half a digest)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = (directory / f"{day}.md", directory / f"{day}.html")
    for path, text in zip(paths, (markdown, html), strict=True):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return paths
