"""The demo event: the workshop eventapp was first built for."""
import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from eventapp.demo.data import DEMO_SLUGS
from eventapp.demo.services import (
    DemoAlreadyLoaded,
    database_is_empty,
    load_demo,
    remove_demo,
)
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import SessionSpeaker, WorkshopSession

demo_cli = AppGroup("demo", help="The demo event.")


@demo_cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database holds any event.")
@click.option("--replace", is_flag=True, help="Delete the demo events first, then load them again.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date the demo is reckoned from (YYYY-MM-DD); defaults to today in Hanoi.",
)
def load_command(if_empty: bool, replace: bool, today):
    """Load the demo workshop, an earlier event of its series and a draft follow-up."""
    if if_empty and replace:
        raise click.UsageError("Use either --if-empty or --replace, not both.")
    if if_empty and not database_is_empty():
        click.echo("The database already holds events: the demo was not loaded.")
        return
    if replace:
        removed = remove_demo()
        if removed:
            click.echo(f"Deleted the demo events: {', '.join(removed)}.")
    try:
        event = load_demo(today.date() if today else None)
    except DemoAlreadyLoaded as exc:
        db.session.rollback()
        raise click.ClickException(
            f"The demo is already loaded ({', '.join(exc.slugs)}). "
            "Run `flask demo load --replace` to load it again."
        ) from exc
    db.session.commit()
    _print_summary(event)


def _print_summary(main_event: Event) -> None:
    events = db.session.scalars(
        select(Event).where(Event.slug.in_(DEMO_SLUGS)).order_by(Event.starts_at)
    )
    click.echo("Loaded the demo events:")
    for event in events:
        starts, ends = event.local(event.starts_at), event.local(event.ends_at)
        sessions = db.session.scalar(
            select(func.count())
            .select_from(WorkshopSession)
            .where(WorkshopSession.event_id == event.id)
        )
        click.echo(
            f"  {event.slug} ({event.status.value}): {starts:%a} {starts.day} {starts:%B %Y},"
            f" {starts:%H:%M}–{ends:%H:%M} {event.timezone}, {sessions} sessions"
        )
    speakers = db.session.scalar(
        select(func.count(func.distinct(SessionSpeaker.speaker_id)))
        .join(WorkshopSession, WorkshopSession.id == SessionSpeaker.session_id)
        .where(WorkshopSession.event_id == main_event.id)
    )
    click.echo(f"The main event has {speakers} speakers; its page is /events/{main_event.slug}/")
