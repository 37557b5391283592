"""tradewire: trade-policy news turned into a structured, verifiable event record.

The Python API (README "Python API"):

    from tradewire import Extractor, open_store, ingest

`Extractor` is imported on first use (it loads spaCy); the rest is light.
"""

from tradewire.errors import StoreError, TradewireError
from tradewire.flow import IngestSummary, ItemResult, extract_sources, ingest, open_store
from tradewire.models import Actor, Article, Event, RawDocument

__version__ = "0.1.0"

__all__ = ["Actor", "Article", "Event", "Extractor", "IngestSummary", "ItemResult", "RawDocument", "StoreError",
           "TradewireError", "__version__", "extract_sources", "ingest", "open_store"]


def __getattr__(name: str):
    # PEP 562: `from tradewire import Extractor` without loading spaCy on `import tradewire`
    if name == "Extractor":
        from tradewire.extract import Extractor

        return Extractor
    raise AttributeError(f"module 'tradewire' has no attribute {name!r}")
