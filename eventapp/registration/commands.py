import time

import click
from flask import current_app
from flask.cli import AppGroup

from eventapp.extensions import db
from eventapp.mail.after_commit import delivers_after_request
from eventapp.mail.delivery import deliver_due
from eventapp.registration.services import expire_holds

registrations_cli = AppGroup("registrations", help="Registrations and their holds.")


@registrations_cli.command("expire")
@click.option(
    "--every",
    type=float,
    default=None,
    help="Keep running, expiring holds every this many seconds (until stopped).",
)
def expire_command(every: float | None):
    """Release the places of registrations whose address was not confirmed in time.

    Run it periodically (cron, a systemd timer, or --every); several hosts may run it at once.
    """
    while True:
        expired = expire_holds()
        db.session.commit()
        if expired:
            click.echo(f"Expired {expired} unconfirmed registration(s); their places were released.")
        # Without a separate deliverer (local setup), send what the promotions wrote.
        if delivers_after_request(current_app):
            deliver_due()
        if every is None:
            return
        time.sleep(every)
