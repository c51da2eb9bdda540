"""What the catalogues announce, and ask, for the capabilities above them to act on.

Events and the programme sit below registration: they cannot import it, yet a session that
moves must email the people who chose it, and a larger capacity must serve the waiting
list. So they send these signals (blinker, as Flask does), and `eventapp.registration.
listeners` receives them: the dependency goes one way, registration → programme → events.
Receivers run at once, in the sender's transaction, before its commit; an exception in one
refuses the change, as a service's own refusal would.

A signal is a name, so this module depends on nothing of the application.
"""
from blinker import Namespace

_signals = Namespace()

# sender: the event. More places to give out: a capacity raised or lifted (the event's, a
# session's, a type's quota), or a cancelled session back with seats.
places_added = _signals.signal("places-added")

# sender: the event, about to get new dates or a new zone; new_zone=, shift= (how far the
# programme moves with it), starts_at=, ends_at=, actor=. The programme moves its sessions
# (or refuses with an EventError) and answers a ProgrammeChanges to notify once it is done.
event_rescheduled = _signals.signal("event-rescheduled")

# sender: the event. Asked: has anyone registered for it (so its address is frozen)?
registered_for = _signals.signal("registered-for")

# sender: a ProgrammeChanges; session=. The session is about to change (time, room,
# status): receivers note in `changes.notes` what they will need to compare afterwards.
session_watched = _signals.signal("session-watched")

# sender: a ProgrammeChanges; found=[SessionChange]. The watched sessions changed:
# receivers tell the people concerned and answer how many they emailed.
programme_changed = _signals.signal("programme-changed")

# sender: a session, just cancelled. Receivers give up what waited for it.
session_cancelled = _signals.signal("session-cancelled")

# sender: a session, just reinstated with no seat taken. Receivers take its kept seats again.
session_reinstated = _signals.signal("session-reinstated")

# sender: a session. Asked: has anyone chosen it (so it must be cancelled, not deleted)?
session_chosen = _signals.signal("session-chosen")

# sender: the event. Asked: per session id, (people holding a seat, people waiting).
session_counts = _signals.signal("session-counts")


def answers(signal, sender, **kwargs) -> list:
    """What every receiver answered, in the order they were connected."""
    return [answer for _receiver, answer in signal.send(sender, **kwargs)]
