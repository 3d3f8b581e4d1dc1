"""URLs of the watch's sources, under /veille/sources/."""

app_name = "watch"

urlpatterns: list = []
