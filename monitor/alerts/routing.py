"""Which channels an alert goes to: each channel's filters, checked against the rules.

A filter left empty lets everything through; an alert goes to a channel only if it passes
every filter the channel sets (kinds, statuses, leaders, topics, sources: any one of
the listed values matches; min_score: the best report's score is at least this).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from monitor.models import Channel, Event

if TYPE_CHECKING:
    from monitor.config import Settings


def wants_event(channel: Channel, event: Event, score: float | None = None) -> bool:
    if channel.kinds and event.kind not in channel.kinds:
        return False
    if channel.statuses and event.status not in channel.statuses:
        return False
    if channel.leaders and not set(channel.leaders) & set(event.leaders):
        return False
    if channel.topics and not set(channel.topics) & set(event.topics):
        return False
    if channel.sources and not set(channel.sources) & {i.source for i in event.items}:
        return False
    return not (channel.min_score and (score or 0.0) < channel.min_score)


def event_channels(
    channels: Iterable[Channel], event: Event, score: float | None = None
) -> list[Channel]:
    return [c for c in channels if wants_event(c, event, score)]


def health_channels(channels: Iterable[Channel]) -> list[Channel]:
    return [c for c in channels if c.source_health]


def digest_channels(settings: Settings) -> list[Channel]:
    return [c for c in settings.channels if c.name in settings.digest_channels]


def rule_problems(settings: Settings, leaders: Iterable[str], topics: Iterable[str]) -> list[str]:
    """Channel filters naming a leader or topic the rule file does not know (a typo would
    otherwise silently filter out every alert)."""
    known_leaders, known_topics = set(leaders), set(topics)
    problems = []
    for i, ch in enumerate(settings.channels):
        where = f"channels[{i}] (name = {ch.name!r})"
        bad = [name for name in ch.leaders if name not in known_leaders]
        if bad:
            problems.append(
                f"{where}.leaders: not a leader in the rules: {', '.join(map(repr, bad))} "
                f"(known: {', '.join(sorted(known_leaders))})"
            )
        bad = [t for t in ch.topics if t not in known_topics]
        if bad:
            problems.append(
                f"{where}.topics: not a topic in the rules: {', '.join(map(repr, bad))} "
                f"(known: {', '.join(sorted(known_topics))})"
            )
    return problems
