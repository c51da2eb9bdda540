"""Organization types: the taxonomy that registration asks attendees to choose from."""
