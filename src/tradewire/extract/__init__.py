"""Turn a resolved article into EVENTS.md events."""
