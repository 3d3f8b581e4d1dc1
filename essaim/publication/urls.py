"""URLs of publication (French, stable: DESIGN.md)."""

app_name = "publication"

urlpatterns: list[object] = []
