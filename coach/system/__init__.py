"""The bottom layer: paths, private files, logs, processes, settings, safe text, the days and
times of a schedule, and TOML files read with every problem pinned to a file, line and field.
Imports nothing else of coach."""
