"""`monitor evaluate --events`: labelled items replayed, each at its date, through the
pipeline into a scratch state (`run`), and the alerts scored per real communication
(`score`). It sits above the pipeline, as a user's `monitor once` does."""
