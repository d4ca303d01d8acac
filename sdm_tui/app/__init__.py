"""The Textual app: it presents the core and holds no business rules of its own."""
