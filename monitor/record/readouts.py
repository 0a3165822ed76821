"""Each side's readout: the topics the US and the Chinese official accounts raised.

Pure. A report counts as a side's readout when its source is `official` or
`state_media` and has that side; its topics are those its classification found.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from monitor.models import Item

READOUT_TIERS = ("official", "state_media")


@dataclass(frozen=True)
class Readouts:
    """Both sides' readouts of one event, topics in the order their reports raised them."""

    us_sources: tuple[str, ...]
    cn_sources: tuple[str, ...]
    us_topics: tuple[str, ...]
    cn_topics: tuple[str, ...]

    @property
    def only_us(self) -> tuple[str, ...]:
        return tuple(t for t in self.us_topics if t not in self.cn_topics)

    @property
    def only_cn(self) -> tuple[str, ...]:
        return tuple(t for t in self.cn_topics if t not in self.us_topics)

    @property
    def both(self) -> tuple[str, ...]:
        return tuple(t for t in self.us_topics if t in self.cn_topics)


def readouts(
    reports: Sequence[Item], sides: Mapping[str, str | None], tiers: Mapping[str, str]
) -> Readouts | None:
    """Both sides' readouts among `reports`, or None unless each side has one.
    `sides` and `tiers` map a source name to its configured side and tier."""
    sources: dict[str, list[str]] = {"us": [], "cn": []}
    topics: dict[str, list[str]] = {"us": [], "cn": []}
    for item in reports:
        side = sides.get(item.source)
        if side is None or side not in sources or tiers.get(item.source) not in READOUT_TIERS:
            continue
        if item.source not in sources[side]:
            sources[side].append(item.source)
        found = item.classification.topics if item.classification else []
        topics[side] += [t for t in found if t not in topics[side]]
    if not (sources["us"] and sources["cn"]):
        return None
    return Readouts(
        us_sources=tuple(sources["us"]),
        cn_sources=tuple(sources["cn"]),
        us_topics=tuple(topics["us"]),
        cn_topics=tuple(topics["cn"]),
    )
