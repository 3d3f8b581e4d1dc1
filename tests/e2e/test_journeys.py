"""Journeys that matter, in a real Chromium against a site set up like `make run`."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_visitor_goes_from_home_to_an_initiative_and_its_territory(site_url, page, published_count):
    """A visitor sees the figures, opens a recent initiative, reads its sources and follows its territory."""
    page.goto(site_url + "/")
    expect(page.get_by_text(f"{published_count} initiatives publiées")).to_be_visible()
    assert page.locator(".figure strong").first.inner_text() == str(published_count)

    page.locator(".cards .card h3 a").first.click()
    page.wait_for_url(re.compile(r"/initiatives/\d+/$"))
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    assert page.locator("ol.cards li").count() >= 1
    assert "Contact (non public)" not in page.content()

    territory_link = page.locator("aside dd a").first
    if territory_link.count():
        territory_link.click()
        # Communes, EPCI and départements have a profile; régions keep their figures panel.
        heading = re.compile("Profil du territoire|Le territoire en chiffres")
        expect(page.get_by_role("heading", name=heading)).to_be_visible()


def test_directory_search_facets_and_back_button(site_url, page, published_count):
    """A visitor types a search, narrows it with a facet, and goes back: every state is a URL."""
    page.goto(site_url + "/repertoire/")
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"{published_count} initiatives")

    page.get_by_label("Rechercher une initiative").fill("personnes agees")
    expect(page).to_have_url(re.compile(r"q=personnes\+agees"))
    expect(status).to_contain_text("pour « personnes agees »")
    found = int(status.inner_text().split()[0])
    assert 0 < found < published_count
    expect(page.locator(".hits mark").first).to_be_visible()

    facets = page.get_by_role("navigation", name="Affiner les résultats")
    facets.get_by_role("link", name=re.compile("^Santé")).click()
    expect(page).to_have_url(re.compile(r"theme=sante"))
    expect(page.get_by_role("list", name="Filtres actifs")).to_contain_text("Thématique : Santé")
    narrowed = int(page.get_by_role("status").inner_text().split()[0])
    assert narrowed < found

    page.reload()  # the URL alone gives the same page
    expect(page.get_by_role("status")).to_contain_text(f"{narrowed} initiative")

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"theme=sante"))
    expect(page.get_by_role("status")).to_contain_text(f"{found} initiatives")


def test_the_map_filters_by_departement(site_url, page):
    """Clicking a département on the map narrows the results to it."""
    page.goto(site_url + "/repertoire/")
    page.locator("a.departement[href*='departement=59']").click()
    expect(page).to_have_url(re.compile(r"departement=59"))
    expect(page.get_by_role("list", name="Filtres actifs")).to_contain_text("Nord (59)")


def test_directory_works_without_javascript(site_url, browser):
    """With JavaScript off, the search form and the facet links are plain requests."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "/repertoire/")
    page.get_by_label("Rechercher une initiative").fill("aide alimentaire")
    page.get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(r"q=aide\+alimentaire"))
    expect(page.get_by_role("status")).to_contain_text("pour « aide alimentaire »")
    context.close()


def test_visitor_downloads_the_pdf_of_an_initiative(site_url, page):
    """The PDF link of an initiative page gives a PDF file."""
    page.goto(site_url + "/repertoire/")
    page.locator(".cards .card h3 a").first.click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Télécharger la fiche en PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("essaim-initiative-")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_analyst_signs_in_and_sees_statuses_and_contacts(site_url, page):
    """An analyst signs in with the demo account and sees the staff view of an initiative."""
    page.goto(site_url + "/compte/connexion/")
    page.get_by_label("Identifiant").fill("analyste")
    page.get_by_label("Mot de passe").fill("essaim-demo")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(site_url + "/")
    expect(page.get_by_text("(Analyste)")).to_be_visible()

    page.goto(site_url + "/repertoire/")
    page.locator(".cards .card h3 a").first.click()
    expect(page.get_by_role("heading", name="Contact (non public)")).to_be_visible()
    expect(page.get_by_role("heading", name="Historique")).to_be_visible()

    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()


def test_wrong_password_gets_a_french_message(site_url, page):
    """A mistyped password is explained in French, on the site's own sign-in page."""
    page.goto(site_url + "/compte/connexion/")
    page.get_by_label("Identifiant").fill("analyste")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("Saisissez un nom d")
