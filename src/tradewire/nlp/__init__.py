"""The shared spaCy pipeline, built once per knowledge base."""

from tradewire.nlp.pipeline import get_nlp

__all__ = ["get_nlp"]
