"""One screen per stage of the consultation, each with its .tcss beside it."""
