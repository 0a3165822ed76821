"""`monitor run`: `service` starts, reloads and stops the daemon; `scheduler` (the only
importer of apscheduler) decides when jobs run; `liveness` is the heartbeat and lock;
`signals` the signal handling; `metrics` the optional Prometheus endpoint."""
