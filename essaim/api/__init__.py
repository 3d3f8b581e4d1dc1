"""Read-only JSON API (OpenAPI) over the public directory."""
