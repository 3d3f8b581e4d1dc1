"""Accessibility (WCAG 2.1 AA rules of axe-core) of the first pages, in a real Chromium."""

import re

import pytest

from tests.e2e.conftest import AXE

pytestmark = pytest.mark.e2e

PAGES = [
    "/",
    "/repertoire/",
    "/repertoire/?theme=sante",
    "/repertoire/?q=personnes+agees&theme=autonomie_age_handicap&departement=59",
    "/repertoire/?q=violance",
    "/territoires/departement/59/",
    "/territoires/commune/59350/",
    "/territoires/commune/59350/?poids_population=important&proximite=proches",
    "/compte/connexion/",
    "/donnees/",
    "/statistiques/",
    "/fiches/",
    "/api/docs",
    "/contribuer/",
    "/contribuer/exemple-formulaire-de-crise/",  # the public crisis form of the demo
    "/contribuer/exemple-initiatives-solidaires/",
]

# Pages of signed-in people: (demo account, path).
STAFF_PAGES = [
    ("contributeur", "/espace/"),
    ("contributeur", "/espace/campagnes/exemple-initiatives-solidaires/nouvelle/"),
    ("analyste", "/veille/"),
    ("analyste", "/contribuer/campagnes/"),
    ("analyste", "/contribuer/campagnes/nouvelle/"),
    ("analyste", "/contribuer/campagnes/exemple-initiatives-solidaires/"),
]


def _violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))
            }));
        }"""
    )


@pytest.mark.parametrize("path", PAGES)
def test_public_pages_have_no_wcag_violation(site_url, page, path):
    """No WCAG 2.1 A/AA violation that axe-core can detect on the public pages."""
    page.goto(site_url + path)
    assert _violations(page) == []


def test_initiative_page_has_no_wcag_violation(site_url, page):
    """The initiative page (with its sources and territory figures) passes axe-core too."""
    page.goto(site_url + "/repertoire/")
    page.locator(".cards .card h3 a").first.click()
    page.wait_for_url(re.compile(r"/initiatives/\d+/$"))
    assert _violations(page) == []


def _sign_in(page, site_url: str, username: str) -> None:
    page.goto(site_url + "/compte/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill("essaim-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(site_url + "/")


@pytest.mark.parametrize(("username", "path"), STAFF_PAGES)
def test_signed_in_pages_have_no_wcag_violation(site_url, page, username, path):
    _sign_in(page, site_url, username)
    page.goto(site_url + path)
    assert page.url.startswith(site_url + path)  # not sent away to the login page
    assert _violations(page) == []


def test_contribution_form_steps_and_inbox_candidate_have_no_wcag_violation(site_url, page):
    """Every step of the contributor's form (on the demo contributor's submitted contribution, shown
    read-only, and on a new draft), and a candidate of the analysts' inbox."""
    _sign_in(page, site_url, "contributeur")
    page.goto(site_url + "/espace/campagnes/exemple-initiatives-solidaires/nouvelle/")
    page.get_by_role("button", name="Commencer la description").click()
    draft = page.url.split("?")[0]
    for step in range(1, 6):
        page.goto(f"{draft}?etape={step}")
        assert _violations(page) == [], f"étape {step}"
    page.goto(draft + "soumettre/")
    assert _violations(page) == []

    page.context.clear_cookies()
    _sign_in(page, site_url, "analyste")
    page.goto(site_url + "/veille/")
    page.locator("[data-inbox-list] tbody a").first.click()
    page.wait_for_url(re.compile(r"/veille/candidats/\d+/$"))
    assert _violations(page) == []
