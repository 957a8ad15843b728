"""Small modal dialogs, one a module."""
