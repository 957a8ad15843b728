"""Plain mode: a line-by-line front end over the same session run, for screen readers, pipes
and terminals where a full screen does not fit."""
