"""Essaimage journey in a real Chromium: my commune → comparable territories → a practice → its page,
where the territories that took it up are listed (declared by an analyst, without JavaScript)."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

LILLE = "/territoires/commune/59350/"


def _practice_links(page):
    return page.get_by_role("region", name="Pratiques éprouvées dans des territoires comparables").locator(
        ".card h4 a"
    )


def _declare_adoption(site_url, browser) -> tuple[str, str, str]:
    """An analyst, JavaScript off, declares that the second practice adapted the first one."""
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/compte/connexion/")
    page.get_by_label("Identifiant").fill("analyste")
    page.get_by_label("Mot de passe").fill("essaim-demo")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()

    page.goto(site_url + LILLE)
    links = _practice_links(page)
    expect(links.nth(1)).to_be_visible()
    original_href, copy_href = links.nth(0).get_attribute("href"), links.nth(1).get_attribute("href")
    copy_title = links.nth(1).inner_text()
    copy_number = re.search(r"/initiatives/(\d+)/", copy_href).group(1)

    page.goto(site_url + original_href)
    form = page.locator("form", has=page.get_by_role("heading", name="Déclarer une adoption"))
    form.get_by_label("N° de l'initiative adoptante").fill(copy_number)
    form.get_by_label("Adaptée (reprise avec des changements)").check()
    form.get_by_label("Note").fill("Reprise avec une tournée le samedi.")
    form.get_by_role("button", name="Déclarer l'adoption").click()
    expect(page.get_by_role("status")).to_contain_text(f"Adoption par « {copy_title} » enregistrée.")
    context.close()
    return original_href, copy_href, copy_title


def test_visitor_goes_from_their_commune_to_a_practice_adopted_elsewhere(site_url, browser, page):
    """From a commune's page, a visitor follows a practice of a comparable commune and sees who took it up."""
    original_href, copy_href, copy_title = _declare_adoption(site_url, browser)

    page.goto(site_url + LILLE)
    expect(page.get_by_role("heading", name="Lille", exact=True)).to_be_visible()
    comparables = page.get_by_role("region", name="Territoires comparables")
    expect(comparables.locator(".card").first).to_contain_text("contre")

    first = _practice_links(page).first
    expect(first).to_have_attribute("href", original_href)
    first.click()
    expect(page).to_have_url(re.compile(re.escape(original_href) + "$"))

    adopters = page.get_by_role("region", name="Essaimage : territoires qui l'ont reprise")
    expect(adopters.get_by_role("link", name=copy_title)).to_be_visible()
    expect(adopters).to_contain_text("adaptée (reprise avec des changements)")
    expect(adopters.get_by_role("img", name=re.compile("^Carte des adoptions"))).to_be_visible()
    expect(adopters.get_by_role("table", name="Adoptions par département")).to_contain_text(
        "Initiative d'origine"
    )
    expect(page.get_by_role("heading", name="Déclarer une adoption")).to_have_count(0)

    adopters.get_by_role("link", name=copy_title).click()
    expect(page).to_have_url(re.compile(re.escape(copy_href) + "$"))
    expect(page.locator(".adapted-from")).to_contain_text("Adaptée de")
    expect(page.locator(".adapted-from a")).to_have_attribute("href", original_href)
