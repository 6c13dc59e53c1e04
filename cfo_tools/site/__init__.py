"""The static dashboard site (``cfo site``): pages and a JSON API built from the workspace as
of a day, returned as ``{relative path: bytes}`` for the command to write."""
