"""The record of past communications between the US and Chinese presidents.

A shipped, sourced list (communications.toml) that gives a detected event its
context. It is context only: nothing in classification or event placing reads it.
"""

from monitor.models import KINDS
from monitor.record.loader import RecordError, load_record, parse_record
from monitor.record.merge import merge
from monitor.record.model import HistoryEntry, RecordEntry
from monitor.record.query import compatible, count_in_year, last_before

__all__ = [
    "KINDS",
    "HistoryEntry",
    "RecordEntry",
    "RecordError",
    "compatible",
    "count_in_year",
    "last_before",
    "load_record",
    "merge",
    "parse_record",
]
