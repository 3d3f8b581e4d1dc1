"""URLs of the contribution form, its attachments and the crisis form (included by urls.py)."""

urlpatterns: list = []
