"""Helpers of the hostile-input property test (tests/test_hostile_property.py)."""
