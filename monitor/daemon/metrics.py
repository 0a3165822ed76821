"""Optional Prometheus metrics for the daemon. The only importer of prometheus_client.

Off unless `[daemon] metrics_port` is set; the library is the `metrics` extra
(`pip install 'monitor[metrics]'`). Served on `metrics_address` (127.0.0.1 by default:
the numbers name the sources, so they stay on the machine unless asked otherwise).
"""

from __future__ import annotations

import logging
from typing import Any

from monitor.errors import UsageError
from monitor.models import CycleReport

log = logging.getLogger(__name__)


class Metrics:
    """The no-op recorder used when metrics are off; `Prometheus` records for real."""

    url: str | None = None

    def polled(self, report: CycleReport) -> None:
        pass

    def delivered(self, sent: int, failed: int) -> None:
        pass

    def queue_depth(self, pending: int) -> None:
        pass

    def heartbeat(self, timestamp: float) -> None:
        pass

    def close(self) -> None:
        pass


class Prometheus(Metrics):
    def __init__(self, address: str, port: int) -> None:
        try:
            import prometheus_client as prom
        except ImportError as exc:
            raise UsageError(
                "[daemon] metrics_port is set but prometheus_client is not installed: "
                "pip install 'monitor[metrics]' (or set metrics_port = 0)"
            ) from exc
        reg = prom.CollectorRegistry()
        prom.ProcessCollector(registry=reg)
        self._polls = prom.Counter(
            "monitor_polls", "Polls of a source, by outcome", ["source", "outcome"], registry=reg
        )
        self._failures = prom.Counter(
            "monitor_poll_failures", "Failed polls of a source", ["source"], registry=reg
        )
        self._items = prom.Counter(
            "monitor_items", "New items stored, by source", ["source"], registry=reg
        )
        self._events = prom.Counter("monitor_events", "New events detected", registry=reg)
        self._alerts = prom.Counter(
            "monitor_alerts", "Alert deliveries, by outcome", ["outcome"], registry=reg
        )
        self._queue = prom.Gauge(
            "monitor_outbox_pending", "Alert deliveries waiting to be sent", registry=reg
        )
        self._beat = prom.Gauge(
            "monitor_heartbeat_timestamp_seconds", "Time of the last heartbeat", registry=reg
        )
        try:
            server: Any
            server, _thread = prom.start_http_server(port, addr=address, registry=reg)
        except OSError as exc:
            raise UsageError(
                f"[daemon] metrics_address/metrics_port: cannot listen on {address}:{port}: {exc}"
            ) from exc
        self._server = server
        self.url = f"http://{address}:{server.server_port}/metrics"
        log.info("metrics served url=%s", self.url)

    def polled(self, report: CycleReport) -> None:
        for poll in report.polls:
            outcome = "error" if poll.error else "not_modified" if poll.not_modified else "ok"
            self._polls.labels(poll.source, outcome).inc()
            if poll.error:
                self._failures.labels(poll.source).inc()
            if poll.new_items:
                self._items.labels(poll.source).inc(poll.new_items)
            if poll.new_events:
                self._events.inc(poll.new_events)

    def delivered(self, sent: int, failed: int) -> None:
        if sent:
            self._alerts.labels("sent").inc(sent)
        if failed:
            self._alerts.labels("failed").inc(failed)

    def queue_depth(self, pending: int) -> None:
        self._queue.set(pending)

    def heartbeat(self, timestamp: float) -> None:
        self._beat.set(timestamp)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def create(address: str, port: int) -> Metrics:
    return Prometheus(address, port) if port else Metrics()
