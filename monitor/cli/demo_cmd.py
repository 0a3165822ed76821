"""`monitor demo`: the first thing a newcomer runs."""

from __future__ import annotations

from pathlib import Path

import click

from monitor.cli.app import (
    cli,
    config_option,
    load_classifier,
    open_store,
    resolve_config_path,
    setup_logging,
)


def _rules_for(config_path: Path | None) -> Path:
    """The rule file the user's config points at, else the rules shipped in the package."""
    from monitor import config
    from monitor.errors import ConfigError

    path = resolve_config_path(config_path)
    if path.is_file():
        try:
            return config.load(path, check_channels=False).rules_path
        except ConfigError:
            pass
    return config.shipped_rules()


@cli.command()
@config_option
@click.option(
    "--state-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("state-demo"),
    show_default=True,
    help="Where the demo keeps its database, digests and config (emptied first).",
)
def demo(config_path: Path | None, state_dir: Path) -> int:
    """Run the whole pipeline offline on bundled sample feeds, then write a digest.

    Serves six sample sources (RSS 2.0 in English and in Chinese, Atom, RSS 1.0 and an
    HTML page) on 127.0.0.1, polls them twice (the second poll finds nothing new), prints
    the alerts to the console and writes the digest.
    """
    from monitor import config, pipeline
    from monitor import demo as demo_mod
    from monitor.timeutil import utcnow

    setup_logging("warning")
    rules = _rules_for(config_path)
    state_dir = state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("monitor.db", "monitor.db-wal", "monitor.db-shm"):
        (state_dir / stale).unlink(missing_ok=True)
    with demo_mod.serve_directory(demo_mod.data_dir()) as base_url:
        click.echo(f"Serving sample feeds at {base_url}")
        cfg_path = demo_mod.write_config(state_dir, base_url, rules)
        settings = config.load(cfg_path)
        classifier = load_classifier(settings)
        store = open_store(settings)
        ctx = pipeline.Context(settings=settings, store=store, classifier=classifier)
        for round_no in (1, 2):
            click.echo(f"\n--- Poll {round_no} ---")
            report = pipeline.run_cycle(ctx, list(settings.sources), utcnow)
            for p in report.polls:
                if p.error:
                    status = f"ERROR {p.error}"
                elif p.not_modified:
                    status = "not modified (nothing parsed)"
                else:
                    status = f"{p.entries} entries, {p.new_items} new, {p.relevant} relevant"
                click.echo(f"  {p.source:<11} {status}")
            click.echo(f"  alerts sent: {report.alerts_sent}")
        now = utcnow()
        from monitor.digest import job as digest_job
        from monitor.digest import render as digest

        start, end = digest.day_window(now.astimezone(settings.tz).date(), settings.tz)
        md_path, html_path = digest_job.write(
            settings, store, start, end, now.astimezone(settings.tz).date().isoformat(), now
        )
        n_events = len(store.events.all())
        n_items = store.items.count_items()
        store.close()
    click.echo(
        f"\nDone: {n_items} items stored, {n_events} event(s) detected.\n"
        f"  database: {settings.db_path}\n"
        f"  digest:   {md_path}\n"
        f"            {html_path}\n"
        f"  config:   {cfg_path}\n"
        f"Try: monitor events --config {cfg_path}\n"
        f"     monitor search --config {cfg_path} phone\n"
        f"     monitor search --config {cfg_path} 通電話"
    )
    return 0
