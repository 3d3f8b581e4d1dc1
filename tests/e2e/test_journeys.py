"""Journeys that matter, in a real Chromium against a site set up like `make run`."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_visitor_goes_from_home_to_an_initiative_and_its_territory(site_url, page):
    """A visitor sees the figures, opens a recent initiative, reads its sources and follows its territory."""
    page.goto(site_url + "/")
    expect(page.get_by_text("99 initiatives publiées")).to_be_visible()
    assert page.locator(".figure strong").first.inner_text() == "99"

    page.locator(".cards .card h3 a").first.click()
    page.wait_for_url(re.compile(r"/initiatives/\d+/$"))
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    assert page.locator("ol.cards li").count() >= 1
    assert "Contact (non public)" not in page.content()

    territory_link = page.locator("aside dd a").first
    if territory_link.count():
        territory_link.click()
        expect(page.get_by_role("heading", name="Le territoire en chiffres")).to_be_visible()


def test_directory_theme_filter_keeps_a_shareable_url(site_url, page):
    """Filtering the directory by theme gives a URL that can be shared and bookmarked."""
    page.goto(site_url + "/repertoire/")
    page.get_by_label("Thématique", exact=True).select_option("culture")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url(re.compile(r"theme=culture"))
    assert page.locator(".cards .card").count() >= 1
    count_text = page.get_by_role("status").inner_text()

    page.goto(page.url)
    assert page.get_by_role("status").inner_text() == count_text


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
