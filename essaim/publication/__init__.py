"""Open data exports of the published directory and their public page."""
