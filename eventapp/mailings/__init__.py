"""Emails organizers write to a chosen set of an event's registrations."""
