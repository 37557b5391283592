"""Turn a resolved article into EVENTS.md events."""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Extractor", "Trace", "filter_confidence"]

if TYPE_CHECKING:
    from tradewire.extract.chain import Trace
    from tradewire.extract.pipeline import Extractor, filter_confidence


def __getattr__(name: str):
    # Lazy (PEP 562): a process that only needs a helper module (the record's date words, say)
    # must not load spaCy and the whole extractor by importing this package.
    if name == "Trace":
        from tradewire.extract.chain import Trace
        return Trace
    if name in ("Extractor", "filter_confidence"):
        from tradewire.extract import pipeline
        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
