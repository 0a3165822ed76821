"""TOML -> validated, frozen settings.

Every problem in the file is collected and reported at once, each with its key path;
`${VAR}` is read from the environment, and values that came from the environment are
remembered so they can be masked wherever the config is printed.
"""

from __future__ import annotations

import errno
import importlib.resources
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from pydantic import (
    ValidationError,
)

from monitor.config.schema import (
    AlertsSection,
    ChannelSection,
    ConfigModel,
    DaemonSection,
    EventsSection,
    FetchSection,
    parse_duration,
)
from monitor.errors import ConfigError
from monitor.models import Channel, Source
from monitor.secrets import mask, mask_url, url_secrets

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

__all__ = ["Settings", "check_state_dir", "effective", "load", "parse_duration", "shipped_rules"]


def shipped_rules() -> Path:
    """The rules shipped inside the package, which apply when a config has no `rules` key.

    Found relative to the `monitor` package, so that loading a config does not load the
    rule engine."""
    return Path(str(importlib.resources.files("monitor") / "classify" / "rules.toml"))


@dataclass(frozen=True)
class Settings:
    """The validated configuration, with paths resolved."""

    path: Path
    state_dir: Path
    timezone: str
    rules_path: Path
    user_agent: str
    log_level: str
    log_format: str
    fetch: FetchSection
    sources: tuple[Source, ...]
    channels: tuple[Channel, ...]
    digest_at: str
    secrets: frozenset[str] = field(default_factory=frozenset)
    events: EventsSection = field(default_factory=EventsSection)
    alerts: AlertsSection = field(default_factory=AlertsSection)
    digest_channels: tuple[str, ...] = ()
    daemon: DaemonSection = field(default_factory=DaemonSection)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def db_path(self) -> Path:
        return self.state_dir / "monitor.db"

    def source(self, name: str) -> Source | None:
        return next((s for s in self.sources if s.name == name), None)

    def channel(self, name: str) -> Channel | None:
        return next((c for c in self.channels if c.name == name), None)


def _substitute(value: Any, where: str, problems: list[str], secrets: set[str]) -> Any:
    """Replace ${VAR} from the environment, recursively; remember what was secret."""
    if isinstance(value, str):

        def repl(m: re.Match[str]) -> str:
            var = m.group(1)
            if var not in os.environ:
                problems.append(f"{where}: environment variable {var} is not set")
                return ""
            secret = os.environ[var]
            if secret:
                secrets.add(secret)
            return secret

        return _VAR.sub(repl, value)
    if isinstance(value, dict):
        return {
            k: _substitute(v, f"{where}.{k}" if where else k, problems, secrets)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_substitute(v, f"{where}[{i}]", problems, secrets) for i, v in enumerate(value)]
    return value


def _loc(loc: tuple[Any, ...], raw: dict[str, Any]) -> str:
    """A pydantic location as a readable key path, naming list entries by their `name`."""
    parts: list[str] = []
    node: Any = raw
    for part in loc:
        if isinstance(part, int):
            name = (
                node[part].get("name")
                if isinstance(node, list) and part < len(node) and isinstance(node[part], dict)
                else None
            )
            parts[-1] = f"{parts[-1]}[{part}]" + (f" (name = {name!r})" if name else "")
            node = node[part] if isinstance(node, list) and part < len(node) else None
        else:
            parts.append(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return ".".join(parts) if parts else "(top level)"


def _describe(err: dict[str, Any]) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key (check its spelling, or remove it)"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def load(path: str | Path, *, check_channels: bool = True) -> Settings:
    """Read and validate a config file; raise ConfigError listing every problem."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(str(path), ["config file not found (create it, or pass --config PATH)"])
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"not valid TOML: {exc}"]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), [f"cannot read: {exc}"]) from exc

    problems: list[str] = []
    secrets: set[str] = set()
    raw = _substitute(raw, "", problems, secrets)
    try:
        model = ConfigModel.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            problems.append(f"{_loc(err['loc'], raw)}: {_describe(dict(err))}")
        raise ConfigError(str(path), problems) from None

    for label, names in (
        ("sources", [s.name for s in model.sources]),
        ("channels", [c.name for c in model.channels]),
    ):
        seen: set[str] = set()
        for i, name in enumerate(names):
            if name in seen:
                problems.append(f"{label}[{i}].name: duplicate name {name!r}")
            seen.add(name)
    for i, src in enumerate(model.sources):
        if src.kind == "page" and not src.item:
            problems.append(
                f"sources[{i}] (name = {src.name!r}).item: a page source needs an `item` CSS selector"
            )
        if src.kind == "rss" and any((src.item, src.title, src.link, src.date)):
            problems.append(
                f'sources[{i}] (name = {src.name!r}): item/title/link/date selectors apply to kind = "page" only'
            )
    if check_channels:
        from monitor.alerts.sender import channel_url_problem

        for i, ch in enumerate(model.channels):
            problem = channel_url_problem(ch.url)
            if problem and ch.url:
                problems.append(f"channels[{i}] (name = {ch.name!r}).url: {problem}")
            elif not ch.url:
                problems.append(f"channels[{i}] (name = {ch.name!r}).url: empty")
    base = path.resolve().parent
    problems += _channel_problems(model, base)
    if problems:
        raise ConfigError(str(path), problems)

    for ch in model.channels:
        # Tokens written straight into a channel URL are as secret as ${VAR} ones.
        secrets |= url_secrets(ch.url)
    state_dir = Path(model.monitor.state_dir)
    if not state_dir.is_absolute():
        state_dir = Path.cwd() / state_dir
    rules = Path(model.monitor.rules).expanduser() if model.monitor.rules else shipped_rules()
    if not rules.is_absolute():
        rules = base / rules
    return Settings(
        path=path,
        state_dir=state_dir,
        timezone=model.monitor.timezone,
        rules_path=rules,
        user_agent=model.monitor.user_agent,
        log_level=model.monitor.log_level,
        log_format=model.monitor.log_format,
        fetch=model.fetch,
        sources=tuple(
            Source(
                name=s.name,
                kind=s.kind,
                url=s.url,
                interval=s.interval,
                item=s.item,
                title=s.title,
                link=s.link,
                date=s.date,
                enabled=s.enabled,
                tier=s.tier,
                side=default_side(s.url) if s.side is None else _side(s.side),
                silence=s.silence,
            )
            for s in model.sources
        ),
        channels=tuple(_channel(c, base, model.alerts) for c in model.channels),
        digest_at=model.digest.at,
        secrets=frozenset(secrets),
        events=model.events,
        alerts=model.alerts,
        digest_channels=tuple(model.digest.channels),
        daemon=model.daemon,
    )


def check_state_dir(settings: Settings, *, create: bool = True) -> None:
    """Create state_dir if missing and make sure files can be written in it; a ConfigError
    naming the directory and why, if not. Without `create` (`check-config`), a missing
    directory is only checked to be creatable: its nearest existing parent is a directory
    the monitor may write in."""
    directory = settings.state_dir
    try:
        if create:
            directory.mkdir(parents=True, exist_ok=True)
        existing = next(p for p in (directory, *directory.parents) if p.exists())
        if not existing.is_dir():
            raise NotADirectoryError(errno.ENOTDIR, "not a directory", str(existing))
        if existing == directory:
            with tempfile.TemporaryFile(dir=directory):
                pass
        elif not os.access(existing, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, "permission denied", str(existing))
    except OSError as exc:
        raise ConfigError(
            str(settings.path),
            [f"monitor.state_dir: cannot use {directory}: {_state_dir_problem(directory, exc)}"],
        ) from None


def _state_dir_problem(directory: Path, exc: OSError) -> str:
    in_the_way = next((p for p in (directory, *directory.parents) if p.is_file()), None)
    if in_the_way is not None or exc.errno in (errno.EEXIST, errno.ENOTDIR):
        where = in_the_way or directory
        return (
            f"{where} is a file, where a directory is needed (move it, or choose another state_dir)"
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied: the monitor must be able to create and write files there"
    if exc.errno == errno.EROFS:
        return "it is on a read-only file system"
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or str(exc)


# Sites that publish one government's own account of a leaders' call or meeting: its
# officials' readouts, and the state media that carry China's in full.
SIDE_HOSTS = {
    "us": ("whitehouse.gov", "state.gov"),
    "cn": (
        "mfa.gov.cn",
        "fmprc.gov.cn",
        "news.cn",
        "xinhuanet.com",
        "chinadaily.com.cn",
        "cgtn.com",
        "people.cn",
    ),
}


def default_side(url: str) -> str | None:
    """The side whose readout a source at `url` carries, from its host; None for others."""
    host = (urlsplit(url).hostname or "").lower()
    for side, hosts in SIDE_HOSTS.items():
        if any(host == h or host.endswith("." + h) for h in hosts):
            return side
    return None


def _side(value: str) -> str | None:
    return None if value == "none" else value


def _template_path(value: str | None, base: Path) -> Path | None:
    if not value:
        return None
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _channel_problems(model: ConfigModel, base: Path) -> list[str]:
    """Checks that need more than one section: template files, names that must exist."""
    problems = []
    source_names = {s.name for s in model.sources}
    channel_names = {c.name for c in model.channels}
    for i, ch in enumerate(model.channels):
        where = f"channels[{i}] (name = {ch.name!r})"
        for key in ("template", "health_template"):
            path = _template_path(getattr(ch, key), base)
            if not path:
                continue
            from monitor.alerts.messages import template_problem  # jinja2: only for own templates

            problem = template_problem(path)
            if problem:
                problems.append(f"{where}.{key}: {problem}")
        unknown = [s for s in ch.sources if s not in source_names]
        if unknown:
            problems.append(f"{where}.sources: no source named {', '.join(map(repr, unknown))}")
    unknown = [c for c in model.digest.channels if c not in channel_names]
    if unknown:
        problems.append(f"digest.channels: no channel named {', '.join(map(repr, unknown))}")
    return problems


def _channel(c: ChannelSection, base: Path, alerts: AlertsSection) -> Channel:
    return Channel(
        name=c.name,
        url=c.url,
        format=c.format,
        template=_template_path(c.template, base),
        health_template=_template_path(c.health_template, base),
        timeout=c.timeout or alerts.timeout,
        kinds=tuple(c.kinds),
        statuses=tuple(c.statuses),
        leaders=tuple(c.leaders),
        topics=tuple(c.topics),
        sources=tuple(c.sources),
        min_score=c.min_score,
        source_health=c.source_health,
    )


def effective(settings: Settings) -> dict[str, Any]:
    """The settings as a plain dict for printing, with secrets masked."""
    return {
        "monitor": {
            "config": str(settings.path),
            "state_dir": str(settings.state_dir),
            "timezone": settings.timezone,
            "rules": str(settings.rules_path),
            "user_agent": settings.user_agent or "(default)",
            "log_level": settings.log_level,
            "log_format": settings.log_format,
        },
        "fetch": settings.fetch.model_dump(),
        "sources": [
            {k: v for k, v in vars(s).items() if v is not None}
            | {"url": mask(s.url, settings.secrets)}
            for s in settings.sources
        ],
        "events": settings.events.model_dump(),
        "channels": [_effective_channel(c) for c in settings.channels],
        "alerts": settings.alerts.model_dump(),
        "digest": {"at": settings.digest_at, "channels": list(settings.digest_channels)},
        "daemon": settings.daemon.model_dump() | {"stale_after": settings.daemon.stale_seconds},
    }


def _effective_channel(c: Channel) -> dict[str, Any]:
    from monitor.alerts.sender import format_for  # "auto" asks apprise

    out: dict[str, Any] = {"name": c.name, "url": mask_url(c.url), "format": format_for(c)}
    for key in ("template", "health_template"):
        if getattr(c, key):
            out[key] = str(getattr(c, key))
    out["timeout"] = c.timeout
    for key in ("kinds", "statuses", "leaders", "topics", "sources"):
        if getattr(c, key):
            out[key] = list(getattr(c, key))
    if c.min_score:
        out["min_score"] = c.min_score
    out["source_health"] = c.source_health
    return out
