"""French wording of territory names: "du Nord", "de la Somme", "de l'Ain", "du Havre".

INSEE's "type de nom en clair" (TNCC) says which article a name takes. Commune names carry their
article ("Le Havre"); département and région names do not ("Nord"), hence the strip below.
"""

_ARTICLES = ("Les ", "Le ", "La ", "L'", "L’")
# TNCC → the form of "de" + article.
_OF = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "des ", 7: "de las ", 8: "de los "}
_VOWELS = tuple("AEIOUYÂÉÈÊÎÏÔÛÜaeiouyâéèêîïôûü")


def _strip_article(name: str) -> str:
    for article in _ARTICLES:
        if name.startswith(article):
            return name[len(article) :]
    return name


def name_with_of(name: str, name_type: int | None = None) -> str:
    """ "de" + the name, with the right article: name_with_of("Nord", 2) == "du Nord"."""
    if name_type is None:
        # Guess from an article written in the name (communes), else plain "de"/"d'".
        if name.startswith("Les "):
            name_type = 4
        elif name.startswith("Le "):
            name_type = 2
        elif name.startswith("La "):
            name_type = 3
        elif name.startswith(("L'", "L’")):
            name_type = 5
        else:
            name_type = 1 if name.startswith(_VOWELS) else 0
    return _OF.get(name_type, "de ") + _strip_article(name)
