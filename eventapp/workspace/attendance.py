"""Attendance report: who came, by organization type and by session."""
from eventapp.workspace import bp  # noqa: F401
