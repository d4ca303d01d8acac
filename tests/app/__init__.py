"""Tests that start the app (pilot, snapshots): see scripts/split_tests.py."""
