"""Safe text, atomic writes and crash recovery: no UI here."""
