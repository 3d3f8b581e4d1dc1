"""Signals of the inbox: other apps (contributions) listen to decisions to notify people."""

import django.dispatch

# Sent with sender=Candidate, candidate=<Candidate>, inside the deciding transaction, after an
# accept, a merge or a reject (candidate.status, .reason and .initiative are set).
candidate_decided = django.dispatch.Signal()
