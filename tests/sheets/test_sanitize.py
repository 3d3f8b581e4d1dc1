"""Hostile HTML typed into a fiche is sanitised on save: nothing executable reaches a reader."""

import pytest

from essaim.sheets.sanitize import html_clean
from essaim.sheets.versions import version_save
from tests.factories import sheet_drafted

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p onclick="steal()" style="color:red" class="x">Texte <strong>gras</strong>'
    "<script>alert('xss')</script><style>body{display:none}</style>"
    '<a href="javascript:alert(1)">piège</a> <a href="JaVaScRiPt:alert(2)">piège 2</a>'
    '<a href="https://exemple.fr/rapport" onmouseover="x()">rapport</a>'
    '<img src="x" onerror="alert(3)"><iframe src="https://evil.example"></iframe>'
    '<svg onload="alert(4)"><circle/></svg><a href="data:text/html;base64,PHNjcmlwdD4=">data</a>'
    '<form action="https://evil.example"><input name="q"></form></p>'
)


@pytest.mark.parametrize(
    "needle",
    [
        "<script",
        "alert(",
        "<style",
        "display:none",
        "onclick",
        "onmouseover",
        "onerror",
        "onload",
        "style=",
        "javascript:",
        "JaVaScRiPt",
        "<img",
        "<iframe",
        "<svg",
        "data:text",
        "<form",
        "<input",
        "class=",
    ],
)
def test_hostile_html_is_stripped(needle):
    """Scripts and styles (with their content), event attributes, javascript:/data: URLs, embeds go."""
    assert needle not in html_clean(HOSTILE)


def test_the_allowed_subset_survives():
    """Paragraphs, emphasis, lists, quotes and http(s) links are kept (links made safe)."""
    cleaned = html_clean(
        "<p>Un <strong>point</strong> <em>fort</em></p><ul><li>un</li></ul><ol><li>deux</li></ol>"
        '<blockquote>cité</blockquote><h3>Intertitre</h3><a href="https://exemple.fr/">lien</a>'
    )
    for kept in ("<strong>point</strong>", "<em>fort</em>", "<li>un</li>", "<ol>", "<blockquote>", "<h3>"):
        assert kept in cleaned
    assert '<a href="https://exemple.fr/" rel="noopener noreferrer nofollow">lien</a>' in cleaned


def test_saving_a_fiche_sanitises_every_section(client, expert):
    """Saving through the editor stores and shows only the cleaned HTML."""
    sheet = sheet_drafted(by=expert)
    client.force_login(expert)
    data = dict(sheet.current_version.sections)
    data["limites"] = HOSTILE

    response = client.post(f"/fiches/{sheet.pk}/modifier/", data)

    assert response.status_code == 302
    sheet.refresh_from_db()
    stored = sheet.current_version.sections["limites"]
    assert "<script" not in stored and "javascript:" not in stored and "onclick" not in stored
    assert "Texte <strong>gras</strong>" in stored
    page = client.get(f"/fiches/{sheet.pk}/").text
    assert "alert(" not in page and "steal()" not in page


def test_the_service_sanitises_too(expert):
    """The service cleans whatever calls it (an admin action, a script), not only the form."""
    sheet = sheet_drafted(by=expert)
    version = version_save(sheet=sheet, sections={"contexte": HOSTILE}, by=expert)
    assert "<script" not in version.sections["contexte"]
    assert version.sections["objectifs"] == ""  # missing sections are saved empty, never left out
