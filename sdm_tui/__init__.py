"""sdm-tui: a terminal shared decision-making aid."""

__version__ = "0.1.0"
