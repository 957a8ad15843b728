"""What coach writes for people and other programs: the clinician's report (Markdown and HTML),
CSV and JSON exports, the plan as a calendar, and the status line's words. Textual-free."""
