"""Fixtures: real servers and sinks on 127.0.0.1, each closed after its test."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import RULES, FeedServer, SmtpSink, Webhook

from monitor.classify import Classifier


@pytest.fixture(scope="session")
def clf() -> Classifier:
    """The shipped rules, loaded once: the classifier keeps no state between items."""
    return Classifier.load(RULES)


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    sink = Webhook()
    yield sink
    sink.close()


@pytest.fixture
def second_webhook() -> Iterator[Webhook]:
    sink = Webhook()
    yield sink
    sink.close()


@pytest.fixture
def smtp() -> Iterator[SmtpSink]:
    sink = SmtpSink()
    yield sink
    sink.close()


_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host: object) -> bool:
    if host is None:
        return True
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name.strip("[]")).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Name lookups in the test process answer only for loopback: a test that would make
    the monitor resolve (and then reach) any other host fails to resolve it instead of
    sending a DNS query off this machine. Tests that stand in their own resolver patch
    over this one."""
    real = socket.getaddrinfo

    def getaddrinfo(host: object, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, f"tests resolve only loopback, not {host!r}")
        return real(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
