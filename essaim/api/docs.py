"""`/api/docs`: a French page listing the endpoints, their parameters and answers (no CDN)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from essaim.api.main import api


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            operations.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": "chemin" if parameter["in"] == "path" else "requête",
                            "required": parameter.get("required", False),
                            "description": parameter.get(
                                "description", parameter["schema"].get("description", "")
                            ),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "statuses": sorted(operation.get("responses", {})),
                }
            )
    return operations


def api_docs(request: HttpRequest) -> HttpResponse:
    schema = api.get_openapi_schema(path_prefix="/api/")
    return render(
        request,
        "api/docs.html",
        {"description": schema["info"]["description"], "operations": _operations(schema)},
    )
