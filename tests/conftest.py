"""Fixtures: real servers and sinks on 127.0.0.1, each closed after its test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from helpers import FeedServer, SmtpSink, Webhook


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
