"""An event's dashboard: where registrations stand, how they came in, how full sessions are."""
from babel.dates import format_date
from flask import render_template
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from eventapp.charts import Bar, Column, bar_chart, column_chart
from eventapp.events.access import managed_event_or_404
from eventapp.labels import label
from eventapp.registration.models import ACTIVE_STATUSES, RegistrationStatus
from eventapp.workspace import bp, dashboard_queries
from eventapp.workspace.dashboard_queries import STATUS_ORDER, Dashboard

STATUS_TONES = {
    RegistrationStatus.CONFIRMED: "primary",
    RegistrationStatus.PENDING_CONFIRMATION: "warn",
    RegistrationStatus.PENDING_APPROVAL: "warn",
    RegistrationStatus.WAITLISTED: "brand",
}


@bp.get("/events/<int:event_id>/")
def event_dashboard(event_id: int):
    event = managed_event_or_404(event_id)
    dashboard = dashboard_queries.event_dashboard(event)
    return render_template(
        "workspace/dashboard/dashboard.html",
        event=event,
        dashboard=dashboard,
        charts=_charts(dashboard),
        format_day=lambda day: _day(day, "full"),
        # The statuses counted "in play", to list the registrations behind a count.
        in_play=[status.value for status in STATUS_ORDER if status in ACTIVE_STATUSES],
    )


def _charts(dashboard: Dashboard) -> dict:
    charts = {}
    if dashboard.total:
        charts["status"] = bar_chart(
            "chart-status",
            _("Registrations by status"),
            [Bar(label(status), n, tone=STATUS_TONES.get(status, "muted"))
             for status, n in dashboard.by_status.items()],
            _("%(total)d registrations in all, %(confirmed)d of them confirmed.",
              total=dashboard.total, confirmed=dashboard.confirmed),
        )
    if dashboard.by_type:
        charts["type"] = bar_chart(
            "chart-type",
            _("Registrations by kind of organization"),
            [Bar(row.organization_type.name, row.active) for row in dashboard.by_type],
            _("Registrations still in play, the most represented kind first."),
        )
    if dashboard.per_day:
        first, last = dashboard.per_day[0].day, dashboard.per_day[-1].day
        charts["days"] = column_chart(
            "chart-days",
            _("Registrations received per day"),
            [Column(_day(d.day, "medium"), d.count, _day(d.day, "d MMM"))
             for d in dashboard.per_day],
            _("From %(first)s to %(last)s, %(total)d registrations.",
              first=_day(first, "medium"), last=_day(last, "medium"), total=dashboard.total),
        )
    if dashboard.sessions:
        charts["sessions"] = bar_chart(
            "chart-sessions",
            _("How full each session is"),
            [_session_bar(fill) for fill in dashboard.sessions],
            _("Seats taken against each session's capacity, and how many people wait."),
        )
    return charts


def _session_bar(fill) -> Bar:
    if fill.capacity is None:
        text = _("%(taken)d, no limit", taken=fill.taken)
    else:
        text = f"{fill.taken} / {fill.capacity}"
    if fill.waiting:
        text += " · " + ngettext("%(num)d waiting", "%(num)d waiting", fill.waiting)
    full = fill.capacity is not None and fill.taken >= fill.capacity
    tone = "muted" if fill.session.is_cancelled else "brand" if full else "primary"
    return Bar(fill.session.title, fill.taken, text=text, limit=fill.capacity, tone=tone)


def _day(day, form: str) -> str:
    return format_date(day, form, locale=get_locale())
