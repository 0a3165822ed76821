"""Log lines for people and for machines: one line per event, as key=value text or JSON.

Messages are written `what happened key=value key=value` (`polled source=whitehouse new=2`);
the JSON form lifts those pairs into fields, so `source` can be filtered on. Every line is
masked for secrets after it is formatted, tracebacks included.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

from monitor.secrets import mask

# A field starts at `key=` after a space; its value runs until the next ` key=` or the end,
# so `error=HTTP 404 failures=2` gives error="HTTP 404".
_FIELD = re.compile(r"(?:^|\s)([A-Za-z_][\w.]*)=")
_RESERVED = {"time", "level", "logger", "msg", "exc"}
# Libraries that log every request or job run at INFO; the daemon's own lines say enough.
_CHATTY = ("apscheduler", "httpx", "httpcore")


def split_fields(message: str) -> tuple[str, dict[str, str]]:
    """'polled source=a new=2' -> ('polled', {'source': 'a', 'new': '2'})."""
    matches = list(_FIELD.finditer(message))
    if not matches:
        return message, {}
    head = message[: matches[0].start()].strip()
    fields: dict[str, str] = {}
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(message)
        fields[m.group(1)] = message[m.end() : end].strip()
    return head, fields


def _timestamp(record: logging.LogRecord) -> str:
    when = datetime.fromtimestamp(record.created, UTC)
    return when.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Formatter(logging.Formatter):
    def __init__(self, secrets: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.secrets = secrets

    def exc_text(self, record: logging.LogRecord) -> str | None:
        if record.exc_info:
            return self.formatException(record.exc_info)
        return record.exc_text or None

    def finish(self, line: str) -> str:
        return mask(line, self.secrets) if self.secrets else line


class TextFormatter(_Formatter):
    """`2025-01-01T07:00:00.000Z INFO monitor.pipeline polled source=a new=2` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage().replace("\n", "\\n")
        line = f"{_timestamp(record)} {record.levelname} {record.name} {message}"
        exc = self.exc_text(record)
        if exc:
            line += f" exc={json.dumps(exc)}"
        return self.finish(line)


class JsonFormatter(_Formatter):
    """One JSON object a line: time, level, logger, msg, the message's key=value fields, exc."""

    def format(self, record: logging.LogRecord) -> str:
        head, fields = split_fields(record.getMessage())
        data: dict[str, object] = {
            "time": _timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": head,
        }
        for key, value in fields.items():
            data[f"field_{key}" if key in _RESERVED else key] = value
        exc = self.exc_text(record)
        if exc:
            data["exc"] = exc
        return self.finish(json.dumps(data, ensure_ascii=False))


class _MaskSecrets(logging.Filter):
    """Mask the message itself too, for handlers that format it their own way."""

    def __init__(self, secrets: frozenset[str]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            record.msg = mask(record.getMessage(), self.secrets)
            record.args = ()
        return True


_handler: logging.Handler | None = None


def setup(level: str = "warning", secrets: frozenset[str] = frozenset(), fmt: str = "text") -> None:
    """Send every log line to stderr in `fmt`; calling it again (a reload) updates it in place."""
    global _handler
    root = logging.getLogger()
    if _handler is None or _handler not in root.handlers:
        for old in list(root.handlers):
            root.removeHandler(old)
        _handler = logging.StreamHandler(sys.stderr)
        root.addHandler(_handler)
    formatter = JsonFormatter(secrets) if fmt == "json" else TextFormatter(secrets)
    mask_filter = _MaskSecrets(secrets)
    # Swapping the formatter and filter of the one handler, rather than replacing handlers,
    # never drops a line that another thread is writing at that moment.
    _handler.setFormatter(formatter)
    for old_filter in list(_handler.filters):
        _handler.removeFilter(old_filter)
    _handler.addFilter(mask_filter)
    root.setLevel(level.upper())
    chatty = logging.DEBUG if level.lower() == "debug" else logging.WARNING
    for name in _CHATTY:
        logging.getLogger(name).setLevel(chatty)
