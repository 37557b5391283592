"""tradewire: trade-policy news turned into a structured, verifiable event record."""

__version__ = "0.1.0"
