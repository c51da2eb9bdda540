"""Programme editing in the workspace: events, rooms, sessions, speakers, registration rules.

The views live in one module per subject; importing this one attaches them all to the
workspace blueprint.
"""

from eventapp.workspace import (  # noqa: F401
    programme_events,
    programme_sessions,
    programme_speakers,
)
