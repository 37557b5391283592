"""Turn a resolved article into EVENTS.md events."""

from tradewire.extract.pipeline import Extractor, filter_confidence

__all__ = ["Extractor", "filter_confidence"]
