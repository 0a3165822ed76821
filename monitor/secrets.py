"""Secrets in the config: finding them in channel URLs, and masking them wherever text is shown.

Standard library only, so that the config, the log setup and the alert sender can all use it
without importing one another.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

_URL = re.compile(r"\b([a-z][a-z0-9+.-]{1,20})://[^\s'\"<>]+", re.IGNORECASE)
# Every secret seen so far in this process, masked by `redact` (log records of apprise and
# its HTTP client, errors stored with a delivery).
_secrets: set[str] = set()


def redact(text: str) -> str:
    """`text` with every URL reduced to its scheme and every known secret masked."""
    return mask(_URL.sub(lambda m: f"{m.group(1)}://***", text), _secrets)


def url_secrets(url: str) -> set[str]:
    """The parts of an apprise URL that may be secret: passwords, tokens in the host or path,
    long query values. Registered for masking, and returned for the config's secret set."""
    found: set[str] = set()
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        password = parts.password
        pieces = [host] if "." not in host and any(c.isdigit() for c in host) else []
        pieces += [unquote(p) for p in parts.path.split("/")]
        pieces += [v for _, v in parse_qsl(parts.query)]
    except ValueError:
        return found
    if password:
        found.add(password)
        found.add(unquote(password))
    for piece in pieces:
        # Tokens are long or mix letters and digits; short words (a path like /hook) are not.
        tokenish = len(piece) >= 16 or (len(piece) >= 6 and any(c.isdigit() for c in piece))
        if tokenish and not piece.replace(".", "").isdigit():
            found.add(piece)
    found.discard("")
    _secrets.update(found)
    return found


def mask(text: str, secrets: frozenset[str] | set[str]) -> str:
    """Replace every secret value in `text` with ***."""
    for secret in sorted(secrets, key=len, reverse=True):
        if secret:
            text = text.replace(secret, "***")
    return text


def mask_url(url: str) -> str:
    """Keep only an apprise URL's scheme: the rest usually holds a token or password."""
    scheme, sep, _ = url.partition("://")
    return f"{scheme}://***" if sep else "***"
