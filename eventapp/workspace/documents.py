"""Name badges and certificates of attendance, from the workspace."""
from eventapp.workspace import bp  # noqa: F401
