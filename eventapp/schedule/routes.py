"""Schedule exports: iCalendar, JSON and frab XML."""
from eventapp.schedule import bp  # noqa: F401
