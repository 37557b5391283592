"""Turn a resolved article into EVENTS.md events."""

from tradewire.extract.chain import Trace
from tradewire.extract.pipeline import Extractor, filter_confidence

__all__ = ["Extractor", "Trace", "filter_confidence"]
