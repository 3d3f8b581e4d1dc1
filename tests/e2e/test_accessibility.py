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
