"""Actor knowledge base and resolution of mentions to actors."""
