"""The API object: routers, French errors, OpenAPI description (served at /api/openapi.json)."""

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from essaim.api.endpoints import initiatives, sheets, taxonomies, territories
from essaim.api.errors import install_handlers

DESCRIPTION = "\n\n".join(
    (
        "API de lecture du répertoire Essaim : les initiatives locales d'action sociale, les territoires "
        "avec leurs indicateurs INSEE, les thématiques, les publics et les fiches action. "
        "Données sous Licence Ouverte 2.0.",
        "Sans jeton, seules les initiatives publiées sont visibles. Les membres de l'équipe lisent tout "
        "avec un jeton créé dans l'administration, envoyé dans l'en-tête « Authorization: Bearer <jeton> ».",
        "Au plus 120 requêtes par minute et par adresse IP (davantage avec un jeton) ; au-delà, réponse 429. "
        'Les erreurs sont en JSON : {"erreur": "…", "code": "…"}.',
    )
)


class FrenchJSONRenderer(JSONRenderer):
    """Accented letters as they are, not as \\u escapes: the data is French."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="API Essaim",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,  # ninja's page loads Swagger UI from a CDN: our own page lists the endpoints
    openapi_url="/openapi.json",
    renderer=FrenchJSONRenderer(),
)
install_handlers(api)
api.add_router("", initiatives.router)
api.add_router("", territories.router)
api.add_router("", taxonomies.router)
api.add_router("", sheets.router)
