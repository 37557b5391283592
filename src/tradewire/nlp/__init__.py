"""The shared spaCy pipeline, built once per set of entity-ruler patterns (given by the caller)."""

from tradewire.nlp.pipeline import get_nlp

__all__ = ["get_nlp"]
