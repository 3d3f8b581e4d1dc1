"""The watch (veille): sources of every kind turned into candidate initiatives for the inbox."""
