"""URLs of api (French, stable: DESIGN.md)."""

app_name = "api"

urlpatterns: list[object] = []
