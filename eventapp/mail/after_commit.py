"""Deliver right after a request's commit, without a worker (the default with the file backend).

The session notes when a flush wrote outbox rows; a commit of the whole transaction turns
that note into "committed outbox rows"; a rollback of the whole transaction wipes it. After
the request, if rows were committed, the request's own thread runs `deliver_due`. A
rolled-back request leaves no row behind, so even an extra run would deliver nothing.
"""
from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from eventapp.extensions import db
from eventapp.mail.models import OutboxMessage

FLUSHED = "eventapp.mail.outbox_flushed"
COMMITTED = "eventapp.mail.outbox_committed"


def _after_flush(session: Session, flush_context) -> None:
    if any(isinstance(obj, OutboxMessage) for obj in session.new):
        session.info[FLUSHED] = True


def _after_commit(session: Session) -> None:
    if session.info.pop(FLUSHED, False):
        session.info[COMMITTED] = True


def _after_soft_rollback(session: Session, previous_transaction) -> None:
    # A savepoint's rollback leaves the outer transaction (and rows it flushed) alive;
    # only the end of the outermost transaction discards them.
    if previous_transaction.parent is None:
        session.info.pop(FLUSHED, None)


def listen_to_sessions() -> None:
    """Once per process; the notes live in each session's info, whatever app it serves."""
    for name, handler in (
        ("after_flush", _after_flush),
        ("after_commit", _after_commit),
        ("after_soft_rollback", _after_soft_rollback),
    ):
        if not event.contains(Session, name, handler):
            event.listen(Session, name, handler)


def delivers_after_request(app: Flask) -> bool:
    setting = app.config.get("OUTBOX_DELIVER_AFTER_REQUEST")
    if setting is None:
        # By default only for the file backend: it is instant, whereas an SMTP server can be
        # slow to answer and belongs to the worker (`flask outbox work`).
        return app.config.get("MAIL_BACKEND") == "file"
    return bool(setting)


def committed_outbox_rows() -> bool:
    """Whether this context's session committed outbox rows not yet delivered (and forget it)."""
    if not db.session.registry.has():
        return False
    return bool(db.session.info.pop(COMMITTED, False))


def register(app: Flask) -> None:
    listen_to_sessions()

    @app.after_request
    def _deliver_committed_outbox(response):
        _deliver_if_committed()
        return response

    @app.teardown_request
    def _deliver_outbox_committed_late(error):
        # For a commit made after the after_request hooks (e.g. by another teardown).
        if error is None:
            _deliver_if_committed()


def _deliver_if_committed() -> None:
    if not committed_outbox_rows() or not delivers_after_request(current_app):
        return
    from eventapp.mail.delivery import deliver_due

    try:
        deliver_due(limit=current_app.config.get("OUTBOX_BATCH_SIZE", 100))
    except Exception:
        # The change is committed and the rows are safe in the outbox: the worker or the
        # next request delivers them. The visitor's request must not fail for it.
        current_app.logger.exception("Delivering the outbox after the request failed")
