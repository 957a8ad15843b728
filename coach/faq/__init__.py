"""The FAQ engine: search (:mod:`coach.faq.search`), related entries and plain-text answers.
Never imports Textual."""
