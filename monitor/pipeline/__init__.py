"""The one hallway: a cycle over some sources, stage by stage, storing and enqueueing.

fetch -> parse -> normalize -> dedupe -> (article text) -> classify -> cluster into events
-> store -> outbox. The stages take values and return values; only this module writes to
the store and the outbox. `monitor once` and each of the daemon's source jobs call the very
same `run_cycle`; every send goes through `send_due`.

A cycle streams. Each source's state is read once; as its fetch completes, the source is
parsed, its new items found and, unless some of them want their article page, classified
and stored with the source's state in one transaction, all before the next fetch is
handled. A source whose items want article text waits, items only (the body is dropped
once parsed), for one batch of article fetches at the end of the fetches. So a cycle holds
the bodies in flight, not every body of every source.
"""

from monitor.pipeline.context import Classifies, Context, NewItem, SourcePoll, make_fetcher
from monitor.pipeline.cycle import POLL_FAILURE, commit, prepare, run_cycle, send_due
from monitor.pipeline.intake import ingest, new_items, place

__all__ = [
    "POLL_FAILURE",
    "Classifies",
    "Context",
    "NewItem",
    "SourcePoll",
    "commit",
    "ingest",
    "make_fetcher",
    "new_items",
    "place",
    "prepare",
    "run_cycle",
    "send_due",
]
