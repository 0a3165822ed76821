"""The daily digest: `job` collects a period's events and health and writes (or sends) it;
`render` turns that into Markdown and HTML from `templates/`."""
