"""`flask outbox ...`: the standalone deliverer and a look at the queue."""
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from eventapp.db import utc_now
from eventapp.extensions import db
from eventapp.mail.delivery import DeliveryReport, deliver_due
from eventapp.mail.models import OutboxStatus
from eventapp.mail.services import InvalidEmail, counts_by_status, enqueue, render_email, resend

outbox_cli = AppGroup("outbox", help="The email outbox: deliver it and see how it stands.")


def _default_locale():
    # Outside a request there is no visitor to choose a language: use the default one.
    return force_locale(current_app.config["BABEL_DEFAULT_LOCALE"])


@outbox_cli.command("work")
@click.option("--once", is_flag=True, help="Deliver what is due now, then stop.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=5.0,
    show_default=True,
    help="Seconds to wait when nothing is due.",
)
def work_command(once: bool, interval: float):
    """Deliver the outbox, until stopped (SIGTERM or Ctrl-C) or, with --once, once."""
    batch = current_app.config.get("OUTBOX_BATCH_SIZE", 100)
    with _default_locale():
        if once:
            _echo_report(deliver_due(limit=batch))
            return
        stop = threading.Event()
        previous = _stop_on_signals(stop)
        click.echo(_("Delivering the outbox (backend: %(backend)s); stop with Ctrl-C.",
                     backend=current_app.config.get("MAIL_BACKEND")))
        try:
            while not stop.is_set():
                busy = _one_round(batch, stop)
                # A full batch means more may be waiting: go on at once.
                if not busy:
                    stop.wait(interval)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        click.echo(_("Stopped."))


def _one_round(batch: int, stop: threading.Event) -> bool:
    try:
        report = deliver_due(limit=batch, should_stop=stop.is_set)
    except Exception:
        # A database or server hiccup must not end the worker; the next round tries again.
        current_app.logger.exception("Delivering the outbox failed")
        return False
    if report.claimed or report.recovered:
        _echo_report(report)
    return report.claimed >= batch


def _stop_on_signals(stop: threading.Event) -> dict:
    """Finish the email being sent, then stop: a kill mid-send would leave it uncertain."""
    previous = {}
    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.signal(signum, lambda *_args: stop.set())
    return previous


def _echo_report(report: DeliveryReport) -> None:
    click.echo(
        _(
            "%(sent)d sent, %(deferred)d to retry, %(failed)d failed, %(uncertain)d uncertain.",
            sent=report.sent,
            deferred=report.deferred,
            failed=report.failed,
            uncertain=report.uncertain,
        )
    )
    for error in report.errors:
        click.echo(f"  {error}", err=True)


@outbox_cli.command("status")
def status_command():
    """How many emails are in each state."""
    with _default_locale():
        counts = counts_by_status()
        width = max(len(status.value) for status in OutboxStatus)
        for status, number in counts.items():
            click.echo(f"{status.value:<{width}}  {number}")
        if counts[OutboxStatus.UNCERTAIN]:
            click.echo(
                _("Uncertain emails may have been sent: check with the recipient, then send "
                  "one again with `flask outbox resend ID`."),
                err=True,
            )


@outbox_cli.command("resend")
@click.argument("message_ids", nargs=-1, type=int, required=True)
def resend_command(message_ids: tuple[int, ...]):
    """Queue uncertain or failed emails again (after checking they did not arrive)."""
    with _default_locale():
        for message_id in message_ids:
            try:
                resend(message_id)
            except LookupError:
                db.session.rollback()
                message = _("No email has the number %(id)d.", id=message_id)
                raise click.ClickException(message) from None
            except InvalidEmail as error:
                db.session.rollback()
                raise click.ClickException(str(error)) from None
        db.session.commit()
        click.echo(_("Queued %(count)d email(s) again.", count=len(message_ids)))


@outbox_cli.command("test")
@click.argument("address")
@click.option("--locale", default=None, help="Language of the email, e.g. vi or en.")
@click.option("--no-deliver", is_flag=True, help="Only queue it, for the worker to send.")
def test_command(address: str, locale: str | None, no_deliver: bool):
    """Send a test email to ADDRESS, to check the mail settings."""
    with _default_locale():
        subject, text, html = render_email(
            "outbox_test", locale, backend=current_app.config.get("MAIL_BACKEND"), sent_on=utc_now()
        )
        try:
            message = enqueue(address, subject, text, html, kind="outbox.test")
        except InvalidEmail as error:
            db.session.rollback()
            raise click.ClickException(str(error)) from None
        db.session.commit()
        click.echo(_("Queued test email %(id)d to %(address)s.", id=message.id,
                     address=message.to_address))
        if not no_deliver:
            _echo_report(deliver_due(limit=current_app.config.get("OUTBOX_BATCH_SIZE", 100)))
