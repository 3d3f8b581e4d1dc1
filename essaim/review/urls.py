"""URLs of the selection (staff), under /selection/ (DESIGN.md)."""

app_name = "review"

urlpatterns: list[object] = []
