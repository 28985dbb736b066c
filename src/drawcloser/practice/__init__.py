"""The daily practice: check-ins, remembering, one small action a day, progress."""
