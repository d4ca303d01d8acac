"""Decision aids: the model, strict loading, the library and lint. No UI here."""
