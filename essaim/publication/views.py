"""The open data page and its downloads: thin views over `exports`."""

import datetime as dt

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from essaim.publication import exports
from essaim.publication.schema import COLUMNS, LIST_SEPARATOR

CONTENT_TYPES = {
    exports.CSV_NAME: "text/csv; charset=utf-8",
    exports.JSON_NAME: "application/json",
    exports.PACKAGE_NAME: "application/json",
}


def open_data(request: HttpRequest) -> HttpResponse:
    """`/donnees/`: what the files hold, their size and date, the licence, the links."""
    package = exports.package_read()
    sizes = package["sizes"]
    context = {
        "package": package,
        "built_at": dt.datetime.fromisoformat(package["created"].replace("Z", "+00:00")),
        "rows": package["essaim"]["rows"],
        "csv_size": sizes[exports.CSV_NAME],
        "json_size": sizes[exports.JSON_NAME],
        "columns": COLUMNS,
        "separator": LIST_SEPARATOR,
        "licence": exports.LICENCE,
    }
    return render(request, "publication/open_data.html", context)


def download(request: HttpRequest, name: str) -> FileResponse:
    """One of the files, rebuilt first if the catalogue changed since it was written."""
    if name not in CONTENT_TYPES:
        raise Http404("Fichier inconnu.")
    directory = exports.exports_ensure_fresh()
    response = FileResponse(
        (directory / name).open("rb"),
        content_type=CONTENT_TYPES[name],
        as_attachment=name != exports.PACKAGE_NAME,
    )
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response
