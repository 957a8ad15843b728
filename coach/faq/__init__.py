"""The FAQ engine: search, related entries and plain-text answers. Never imports Textual."""

from coach.faq.search import MIN_SCORE, FaqIndex, FieldName, Hit

__all__ = ["MIN_SCORE", "FaqIndex", "FieldName", "Hit"]
