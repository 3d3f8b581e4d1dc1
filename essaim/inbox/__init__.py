"""The analysts' inbox: candidate initiatives from the watch and the calls for contributions,
accepted, merged into an existing initiative or rejected."""
