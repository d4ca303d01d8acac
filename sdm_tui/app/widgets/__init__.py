"""Small widgets: stage bar, banner, icon array, comparison grid, rating."""
