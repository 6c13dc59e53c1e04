"""The ``cfo`` command: click commands that parse options and call the core."""
