"""The check-in station's views."""
from eventapp.checkin import bp  # noqa: F401
