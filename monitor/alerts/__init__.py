"""Alerting: the durable outbox, routing to channels, rendering, neutralising untrusted text,
and sending through apprise.

`outbox` queues one delivery per (alert, channel) and flushes what is due; `routing` decides
which channels an event goes to; `messages` renders it per medium from `templates/`;
`neutralize` makes feed text harmless in each medium; `sender` is the only importer of apprise.
"""
