"""Tests that never start the app: see scripts/split_tests.py."""
