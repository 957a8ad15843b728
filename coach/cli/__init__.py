"""The command line: the parser (:mod:`coach.cli.main`) and one module per subcommand, named
after it (``coach check`` is :mod:`coach.cli.check`), imported only when that command runs."""
