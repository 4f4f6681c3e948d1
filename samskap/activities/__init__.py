"""Meeting places: recurring activities, groups and one-off events."""
