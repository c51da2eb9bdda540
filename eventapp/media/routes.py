"""Serving stored images."""
from eventapp.media import bp  # noqa: F401
