"""The config file's declared shape: every section and key, its type, default and checks.

pydantic reports every problem at once with its key path; `config.load` turns those into
one ConfigError naming the file.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$")
# Zero needs no unit: the README writes "0 never" for the keys where zero turns a check off.
_ZERO = re.compile(r"^\s*0+(?:\.0+)?\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_NAME = re.compile(r"^[a-z0-9_-]+$")


def _check_name(v: str) -> str:
    if not _NAME.match(v):
        raise ValueError(f"{v!r} must be lowercase letters, digits, '_' or '-'")
    return v


# A source or channel name: it appears in logs, the CLI and the store.
Name = Annotated[str, AfterValidator(_check_name)]


def parse_duration(text: str) -> float:
    """'30s', '90m', '36h', '7d' (and '0') -> seconds. Raises ValueError with a readable message."""
    if _ZERO.match(str(text)):
        return 0.0
    m = _DURATION.match(str(text))
    if not m:
        raise ValueError(f"not a duration: {text!r} (write it like 30s, 90m, 36h or 7d)")
    return float(m.group(1)) * _UNITS[m.group(2)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class MonitorSection(_Strict):
    state_dir: str = "state"
    timezone: str = "UTC"
    rules: str | None = None  # None: the rules shipped in the package
    user_agent: str = ""
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    log_format: Literal["text", "json"] = "text"

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {v!r} (use an IANA name like UTC or Asia/Shanghai)"
            ) from exc
        return v


def _duration_field(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, (str, int, float)):
        raise ValueError("must be a duration string like 30s, 5m or 2h")
    if isinstance(v, (int, float)):
        return float(v)
    return parse_duration(v)


class FetchSection(_Strict):
    timeout: float = Field(default=20.0, gt=0)
    connect_timeout: float = Field(default=10.0, gt=0)
    max_bytes: int = Field(default=10_000_000, gt=0)
    concurrency: int = Field(default=16, gt=0)
    per_host: int = Field(default=2, gt=0)
    host_spacing: float = Field(default=1.0, ge=0)
    max_backoff: float = Field(default=4 * 3600.0, ge=60)
    moved_after: int = Field(default=3, gt=0)
    articles_per_cycle: int = Field(default=10, ge=0)
    # Article links are chosen by feed authors: private addresses are refused unless this is set.
    allow_private_articles: bool = False

    @field_validator("timeout", "connect_timeout", "host_spacing", "max_backoff", mode="before")
    @classmethod
    def _dur(cls, v: Any) -> float:
        return _duration_field(v)


class SourceSection(_Strict):
    name: Name
    kind: Literal["rss", "page"] = "rss"
    url: str
    interval: float = 600.0
    enabled: bool = True
    item: str | None = None
    title: str | None = None
    link: str | None = None
    date: str | None = None
    tier: Literal["official", "state_media", "wire", "outlet"] = "outlet"
    # Whose readout its reports carry; unset: derived from the URL's host, "none": nobody's.
    side: Literal["us", "cn", "none"] | None = None
    # No new item for this long (while polls succeed) raises a source-health alert; 0 = never.
    silence: float | None = None

    @field_validator("silence", mode="before")
    @classmethod
    def _silence(cls, v: Any) -> float | None:
        return None if v is None else _duration_field(v)

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^https?://[^\s/]+", v, re.I):
            raise ValueError(f"{v!r} is not an http(s) URL")
        return v

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, v: Any) -> float:
        seconds = _duration_field(v)
        if seconds < 1:
            raise ValueError("must be at least 1s")
        return seconds


class ChannelSection(_Strict):
    name: Name
    url: str
    # How the message is written: "auto" picks html for email and Markdown for chat services.
    format: Literal["auto", "markdown", "html", "text"] = "auto"
    template: str | None = None  # Jinja2 file for event alerts, relative to the config file
    health_template: str | None = None  # the same for source-health alerts
    timeout: float | None = None  # the most one send may take; default [alerts] timeout
    # Filters: an event alert goes to this channel only if it passes every filter given.
    kinds: list[Literal["phone_call", "video_call", "in_person_meeting", "letter_or_message"]] = []
    statuses: list[Literal["occurred", "planned"]] = []
    leaders: list[str] = []
    topics: list[str] = []
    sources: list[str] = []
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)
    source_health: bool = True  # also receive source-health alerts

    @field_validator("timeout", mode="before")
    @classmethod
    def _timeout(cls, v: Any) -> float | None:
        if v is None:
            return None
        seconds = _duration_field(v)
        if seconds <= 0:
            raise ValueError("must be more than 0s")
        return seconds


class AlertsSection(_Strict):
    max_attempts: int = Field(default=8, ge=1)  # then a delivery is dead (see `monitor outbox`)
    backoff: float = 30.0  # delay before the first retry; doubles with each failed attempt
    backoff_max: float = 3600.0
    timeout: float = 15.0  # the most one send to one channel may take
    source_failures: int = Field(
        default=5, ge=0
    )  # failed polls in a row before alerting; 0 = never
    silence: float = 3 * 86400.0  # no new item for this long raises an alert; 0 = never
    catchup_new_sources: bool = True  # a source's first poll records without alerting

    @field_validator("backoff", "backoff_max", "timeout", "silence", mode="before")
    @classmethod
    def _dur(cls, v: Any) -> float:
        return _duration_field(v)

    @field_validator("timeout")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("must be more than 0s (a send without a deadline could hang)")
        return v


class DigestSection(_Strict):
    at: str = "07:00"
    channels: list[str] = []  # channel names the daily digest is sent to

    @field_validator("at")
    @classmethod
    def _at(cls, v: str) -> str:
        m = re.match(r"^([01]?\d|2[0-3]):([0-5]\d)$", v)
        if not m:
            raise ValueError(f"{v!r} is not a time of day like 07:00")
        return v


class EventsSection(_Strict):
    """How reports are folded into events, and which events alert: what `monitor.events`
    receives as its policy."""

    window: float = 36 * 3600.0
    planned_window: float = 14 * 86400.0
    alert_planned: bool = False

    @property
    def window_span(self) -> timedelta:
        return timedelta(seconds=self.window)

    @property
    def planned_span(self) -> timedelta:
        return timedelta(seconds=self.planned_window)

    @field_validator("window", "planned_window", mode="before")
    @classmethod
    def _dur(cls, v: Any) -> float:
        seconds = _duration_field(v)
        if seconds <= 0:
            raise ValueError("must be longer than 0s")
        return seconds


class DaemonSection(_Strict):
    """`monitor run` only: its housekeeping timers, liveness and metrics."""

    heartbeat: float = 30.0
    stale_after: float | None = None  # None: three heartbeats
    flush_interval: float = 30.0
    prune_after: float = 90 * 86400.0  # 0 disables pruning
    shutdown_grace: float = 5.0
    metrics_port: int = Field(default=0, ge=0, le=65535)  # 0: no metrics endpoint
    metrics_address: str = "127.0.0.1"

    @field_validator(
        "heartbeat", "stale_after", "flush_interval", "prune_after", "shutdown_grace", mode="before"
    )
    @classmethod
    def _dur(cls, v: Any) -> float | None:
        return None if v is None else _duration_field(v)

    @field_validator("heartbeat", "flush_interval")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v < 1:
            raise ValueError("must be at least 1s")
        return v

    @field_validator("prune_after", "shutdown_grace")
    @classmethod
    def _not_negative(cls, v: float) -> float:
        if v < 0:
            raise ValueError("must not be negative")
        return v

    @model_validator(mode="after")
    def _stale_after_heartbeat(self) -> DaemonSection:
        if self.stale_after is not None and self.stale_after <= self.heartbeat:
            raise ValueError(
                f"stale_after ({self.stale_after:g}s) must be longer than heartbeat ({self.heartbeat:g}s)"
            )
        return self

    @property
    def stale_seconds(self) -> float:
        return self.stale_after if self.stale_after is not None else 3 * self.heartbeat


class ConfigModel(_Strict):
    monitor: MonitorSection = MonitorSection()
    fetch: FetchSection = FetchSection()
    sources: list[SourceSection] = []
    channels: list[ChannelSection] = []
    alerts: AlertsSection = AlertsSection()
    digest: DigestSection = DigestSection()
    events: EventsSection = EventsSection()
    daemon: DaemonSection = DaemonSection()
