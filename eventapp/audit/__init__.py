"""The audit log of organizer actions."""
