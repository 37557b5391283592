"""The scorer of EVENTS.md: strict matching of predicted to gold events."""

from tradewire.evaluate.scorer import Score, score_articles

__all__ = ["Score", "score_articles"]
