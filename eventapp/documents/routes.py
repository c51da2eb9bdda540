"""The documents' views."""
from eventapp.documents import bp  # noqa: F401
