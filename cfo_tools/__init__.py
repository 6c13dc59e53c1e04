"""cfo-tools: a Chief Freelance Officer's workspace of YAML files, checked and put to work."""

__version__ = "0.1.0"
