"""Readers that turn files, directories and stdin into RawDocuments, and the noise cleaner."""

from tradewire.read.readers import IngestError, iter_paths, read_path, read_stdin

__all__ = ["IngestError", "iter_paths", "read_path", "read_stdin"]
