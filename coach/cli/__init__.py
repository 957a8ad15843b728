"""The command line: the parser (:mod:`coach.cli.arguments`), the dispatcher
(:mod:`coach.cli.main`), and one module per subcommand, named after it (``coach check`` is
:mod:`coach.cli.check`).

:data:`COMMANDS` is the CLI's lazy boundary: a subcommand's module is imported only when that
command runs, so ``coach --help`` and each command pay only for what they use. Nothing else is
imported here (``coach status`` passes through this package on its fast path).
"""

# name -> one-line help; order is the order shown in --help.
COMMANDS: dict[str, str] = {
    "start": "start a guided session now (the pack's default protocol unless named)",
    "faq": "browse or search the questions and answers",
    "check": "validate a content pack or file and report every problem",
    "history": "list past sessions (table, csv or json)",
    "report": "write a summary for a clinician (Markdown, or HTML with a weekly chart)",
    "plan": "the plan and where you stand in it; --start DATE; --ics FILE for a calendar",
    "log": "record an activity the content defines, without a timer",
    "init": "copy the default content into a folder to customise it",
    "schema": "write the JSON Schema of the content files (for editors)",
    "settings": "print the settings as TOML, with where settings, content and journal live",
    "cues": "show how cues reach you; --test plays each kind of cue",
    "forget": "delete all personal data (asks for typed confirmation)",
    # issue 15 (hand-off): the calendar, the status line, packs as one file, shell completion
    "status": "one short line for a shell prompt or status bar (--format json)",
    "pack": "export a content pack as one file, or install one (validated first)",
    "completion": "print the shell completion script (bash, zsh or fish)",
}
