"""What the registration rules refuse, each with the message shown to the person."""
from eventapp.errors import Refused


class RegistrationError(Refused):
    """A request the registration rules refuse; `message` says why, for the attendee."""


class RegistrationClosed(RegistrationError):
    pass


class TypeNotAdmitted(RegistrationError):
    pass


class SessionConflict(RegistrationError):
    pass


class InvalidLink(RegistrationError):
    pass


class LinkExpired(RegistrationError):
    pass


class NotChangeable(RegistrationError):
    pass


class SessionFull(RegistrationError):
    pass


class AlreadyRegistered(RegistrationError):
    """An organizer adds someone who already has an active registration for the event."""

    def __init__(self, message, registration):
        super().__init__(message)
        self.registration = registration
