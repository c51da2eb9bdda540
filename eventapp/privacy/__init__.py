"""What eventapp keeps about people, and for how long: retention and anonymization."""
