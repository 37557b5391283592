"""Errors a user can cause, each with a one-line message (file, line or entry, problem).

Every layer raises a subclass of TradewireError for bad input or a bad store; the CLI and
the HTTP API print or return the message and go on, and show tracebacks only with --debug.
"""

from __future__ import annotations


class TradewireError(Exception):
    """Base class: str(error) is one line that a user can act on."""


class StoreError(TradewireError):
    """The store cannot be opened or written (missing, corrupt, too new, locked, unreachable)."""
