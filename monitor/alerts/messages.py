"""What an alert says: Jinja2 templates per medium, fed only with neutralized text.

Three media: `markdown` (Slack and other chat services; apprise converts it to each
service's dialect), `html` (email; apprise adds a plain-text part derived from it) and
`text`. The shipped templates are files in monitor/alerts/templates/ (alert.*.j2, health.*.j2);
a channel can name its own in the config. A template sets `title` with
`{% set title %}...{% endset %}`; what it renders is the body.

Untrusted text is made safe *before* it reaches a template (see neutralize.py): in the
Markdown and text contexts every string is already escaped for its medium, and in HTML
autoescaping does it. So a user's template cannot forget to escape a headline.
"""

from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup

from monitor.alerts import neutralize
from monitor.models import (
    Event,
    EventItem,
    Evidence,
    HealthNotice,
    Message,
    kind_label,
)
from monitor.record.context import Context
from monitor.record.readouts import Readouts

FORMATS = ("markdown", "html", "text")
_SUFFIX = {"markdown": "md", "html": "html", "text": "txt"}
_UPDATE = {"status": "Update: now confirmed. ", "kind": "Update: kind corrected. "}
MAX_REPORTS = 10  # reports listed in one alert; the digest lists them all


def topic_label(topic: str) -> str:
    return topic.replace("_", " ")


@functools.lru_cache(maxsize=32)
def _env(fmt: str, user_dir: str | None) -> jinja2.Environment:
    package = jinja2.PackageLoader("monitor.alerts", "templates")
    loader: jinja2.BaseLoader = (
        jinja2.ChoiceLoader([jinja2.FileSystemLoader(user_dir), package]) if user_dir else package
    )
    return jinja2.Environment(
        loader=loader,
        autoescape=fmt == "html",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )


def template_problem(path: Path) -> str | None:
    """None if `path` is a readable Jinja2 template, else what is wrong (with its line)."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return f"cannot read template {str(path)!r}: {exc.__class__.__name__}"
    try:
        jinja2.Environment().parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return f"{path}:{exc.lineno}: template syntax error: {exc.message}"
    return None


def _render(fmt: str, template: Path | None, default: str, ctx: dict[str, Any]) -> Message:
    if template is not None:
        tmpl = _env(fmt, str(template.parent)).get_template(template.name)
    else:
        tmpl = _env(fmt, None).get_template(f"{default}.{_SUFFIX[fmt]}.j2")
    module = tmpl.make_module(ctx)
    title = getattr(module, "title", "") or ctx.get("default_title", "")
    if isinstance(title, Markup):
        title = title.unescape()
    return Message(title=neutralize.clean(str(title)), body=str(module).strip() + "\n", format=fmt)


def _escaper(fmt: str) -> Any:
    # HTML is escaped by Jinja2 itself; only bound the length and drop control characters.
    return {"markdown": neutralize.markdown, "text": neutralize.text}.get(fmt, neutralize.clean)


def _report(item: EventItem, esc: Any) -> dict[str, Any]:
    return {
        "title": esc(item.title or "(no title)"),
        "url": neutralize.url(item.url),
        "source": esc(item.source),
        "follow_up": item.follow_up,
    }


def _evidence(evidence: list[Evidence], esc: Any) -> list[SimpleNamespace]:
    # What names the kind and the status is the most telling; leader matches come last.
    order = {"kind": 0, "status": 1}
    picked = sorted(evidence, key=lambda e: order.get(e.rule.partition(":")[0], 2))[:3]
    return [
        SimpleNamespace(text=esc(e.text, 160), field=e.field, rule=esc(e.rule, 80)) for e in picked
    ]


def readouts_view(r: Readouts | None, esc: Any) -> SimpleNamespace | None:
    """Both sides' readouts for a template: topic labels escaped, shared ones marked."""
    if r is None:
        return None

    def side(sources: tuple[str, ...], topics: tuple[str, ...], only: tuple[str, ...]) -> Any:
        return SimpleNamespace(
            sources=[esc(s, 60) for s in sources],
            topics=[SimpleNamespace(label=topic_label(t), only=t in only) for t in topics],
            only=[topic_label(t) for t in only],
        )

    return SimpleNamespace(
        us=side(r.us_sources, r.us_topics, r.only_us),
        cn=side(r.cn_sources, r.cn_topics, r.only_cn),
        both=[topic_label(t) for t in r.both],
    )


def event_context(
    event: Event,
    reason: str,
    fmt: str,
    tz: ZoneInfo,
    score: float | None = None,
    context: Context | None = None,
    readouts: Readouts | None = None,
) -> dict[str, Any]:
    """The variables an alert template sees (documented in the README)."""
    esc = _escaper(fmt)
    label = kind_label(event.kind)
    leaders = " – ".join(esc(name, 80) for name in event.leaders)
    prefix = "Test alert: " if reason == "test" else _UPDATE.get(reason, "")
    planned = " (planned)" if event.status == "planned" else ""
    items = event.items[:MAX_REPORTS]
    names = list(dict.fromkeys(i.source for i in event.items if not i.follow_up))
    # Namespaces, not dicts: `e.items` must be the reports, not dict.items.
    e = SimpleNamespace(
        id=event.id,
        kind=event.kind,
        kind_label=label,
        status=event.status,
        leaders=[esc(name, 80) for name in event.leaders],
        leaders_text=leaders,
        date=event.date,
        first_seen=event.first_seen.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z"),
        topics=[topic_label(t) for t in event.topics],
        sources=event.sources or len(names) or 1,
        source_names=[esc(n, 60) for n in names],
        headline=esc(event.best_title or "(no title)"),
        url=neutralize.url(event.best_url),
        best_source=esc(event.best_source or "", 60),
        items=[_report(i, esc) for i in items],
        more_items=max(0, len(event.items) - len(items)),
        evidence=_evidence(event.evidence, esc),
        score=round(score, 2) if score is not None else None,
        context=[esc(line, 200) for line in context.lines] if context else [],
        readouts=readouts_view(readouts, esc),
    )
    return {
        "e": e,
        "reason": reason,
        "prefix": prefix,
        "test": reason == "test",
        "default_title": f"{prefix}{label}{planned}: {leaders}",
    }


def event_message(
    event: Event,
    reason: str,
    fmt: str,
    tz: ZoneInfo,
    template: Path | None = None,
    score: float | None = None,
    context: Context | None = None,
    readouts: Readouts | None = None,
) -> Message:
    ctx = event_context(event, reason, fmt, tz, score, context, readouts)
    return _render(fmt, template, "alert", ctx)


def health_message(
    notice: HealthNotice, fmt: str, tz: ZoneInfo, now: datetime, template: Path | None = None
) -> Message:
    esc = _escaper(fmt)
    titles = {
        "failing": "Source failing",
        "gone": "Source gone",
        "silent": "Source silent",
        "recovered": "Source recovered",
    }
    h = SimpleNamespace(
        source=esc(notice.source, 80),
        state=notice.state,
        previous=notice.previous,
        since=notice.since.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z"),
        duration=_duration(now - notice.since),
        failures=notice.failures,
        last_error=esc(notice.last_error, 200) if notice.last_error else None,
        last_new_item=(
            notice.last_new_item.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")
            if notice.last_new_item
            else None
        ),
    )
    ctx = {"h": h, "default_title": f"{titles.get(notice.state, 'Source')}: {notice.source}"}
    return _render(fmt, template, "health", ctx)


def digest_message(day: str, markdown: str, html: str, fmt: str) -> Message:
    """The digest as a message: the HTML page for email, the Markdown text elsewhere."""
    title = f"US–China leader communications: digest for {day}"
    return Message(title=title, body=html if fmt == "html" else markdown, format=fmt)


def _duration(delta: Any) -> str:
    seconds = max(0, int(delta.total_seconds()))
    if seconds >= 2 * 86400:
        return f"{seconds // 86400} days"
    if seconds >= 2 * 3600:
        return f"{seconds // 3600} hours"
    return f"{max(1, seconds // 60)} minutes"


def sample_event(now: datetime) -> Event:
    """A made-up event for `monitor notify-test`, rendered like a real one."""
    return Event(
        id=0,
        kind="phone_call",
        status="occurred",
        leaders=["Donald Trump", "Xi Jinping"],
        date=now.date().isoformat(),
        first_seen=now,
        topics=["trade_tariffs", "taiwan"],
        sources=2,
        best_title="Sample: Trump and Xi hold phone call (a test of this channel)",
        best_url="https://example.com/sample-readout",
        best_source="sample",
        items=[
            EventItem(
                "Sample: Trump and Xi hold phone call",
                "https://example.com/sample-readout",
                "sample",
            ),
            EventItem(
                "Sample: Xi speaks with Trump by phone",
                "https://example.org/sample-report",
                "sample-wire",
            ),
        ],
        evidence=[Evidence("kind:phone_call/hold phone call", "title", "hold phone call")],
    )
