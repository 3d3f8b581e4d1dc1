"""Background jobs: long work (exports, imports) run by the task worker, with visible progress."""
