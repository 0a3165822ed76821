"""The daily digest: what happened, what is planned, what else was said, and source health.

Rendered from Jinja2 templates (Markdown, and HTML with autoescaping so untrusted text
is always escaped) and written to `state_dir/digests/YYYY-MM-DD.md` and `.html`.
Collecting the data from the store is `job.py`'s work; this module is pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from monitor.alerts import neutralize
from monitor.alerts.messages import topic_label
from monitor.models import KIND_LABELS, Delivery, Event, Item, SourceHealth, SourceState, kind_label
from monitor.record.readouts import Readouts
from monitor.record.timeline import Timeline


def _when(value: datetime | None, tz: str = "UTC") -> str:
    if value is None:
        return "never"
    return value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def _environment(autoescape: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("monitor.digest", "templates"),
        autoescape=autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["kind"] = kind_label
    env.filters["topic"] = topic_label
    env.filters["url"] = neutralize.url
    env.filters["when"] = _when
    # Markdown has no autoescaping: every untrusted string goes through this filter.
    env.filters["md"] = neutralize.markdown if not autoescape else neutralize.clean
    return env


_ENV_HTML = _environment(True)
_ENV_MD = _environment(False)


@dataclass
class DigestData:
    day: str  # YYYY-MM-DD in the configured time zone
    timezone: str
    generated: datetime
    events: list[Event] = field(default_factory=list)
    planned: list[Event] = field(default_factory=list)
    other: list[Item] = field(default_factory=list)
    sources: list[SourceState] = field(default_factory=list)
    undelivered: list[Delivery] = field(default_factory=list)
    health: dict[str, SourceHealth] = field(default_factory=dict)
    window: str = ""  # how the period was chosen, e.g. "the day" or "the last 36 hours"
    context: dict[int, list[str]] = field(default_factory=dict)  # event id -> context lines
    readouts: dict[int, Readouts] = field(default_factory=dict)  # event id -> both sides'
    timeline: Timeline | None = None  # the last twelve months of communications

    @property
    def groups(self) -> list[tuple[str, list[Event]]]:
        """The day's events grouped by kind, in a fixed order of kinds."""
        present = {e.kind for e in self.events}
        kinds = [k for k in KIND_LABELS if k in present] + sorted(present - set(KIND_LABELS))
        return [(kind_label(k), [e for e in self.events if e.kind == k]) for k in kinds]

    @property
    def empty(self) -> bool:
        return not (self.events or self.planned or self.other)


def day_window(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants bounding a local calendar day."""
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start, start + timedelta(days=1)


def render(data: DigestData) -> tuple[str, str]:
    """(markdown, html) for one digest."""
    ctx = {"d": data, "tz": data.timezone}
    return (
        _ENV_MD.get_template("digest.md.j2").render(**ctx).rstrip() + "\n",
        _ENV_HTML.get_template("digest.html.j2").render(**ctx),
    )


def write(directory: Path, day: str, markdown: str, html: str) -> tuple[Path, Path]:
    """Write both files atomically (a reader never sees half a digest)."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = (directory / f"{day}.md", directory / f"{day}.html")
    for path, text in zip(paths, (markdown, html), strict=True):
        tmp = path.with_suffix(path.suffix + ".tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
        except OSError:
            tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
            raise
    return paths
