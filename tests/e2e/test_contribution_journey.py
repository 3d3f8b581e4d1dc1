"""The call for contributions in a real browser, on a site set up like `make run` with its worker:
an analyst opens a campaign and invites a contact → the invitation e-mail's link → an account →
a draft in steps → an attachment → submission → the analyst accepts and publishes it from the
inbox → a visitor finds it in the directory, and the contributor sees it published."""

import datetime as dt
import email
import re
import time
from email import policy
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

TITLE = "Jardin partagé intergénérationnel des Trois-Ponts"
ADDRESS = "agent.roubaix@example.org"


def _signed_in(browser, site_url: str, username: str):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(site_url + "/compte/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill("essaim-demo")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return page


def _invitation_link(mail_dir: Path, address: str) -> str:
    """The personal link of the invitation e-mail the worker sent (file back end of `make run`)."""
    for _ in range(150):
        for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
            for raw in path.read_bytes().split(b"-" * 79):
                if address.encode() not in raw:
                    continue
                message = email.message_from_bytes(raw.strip(), policy=policy.default)
                text = message.get_body(preferencelist=("plain",)).get_content()
                if found := re.search(r"https?://\S+/contribuer/invitation/[^/\s]+/", text):
                    return found[0]
        time.sleep(0.2)
    raise AssertionError("Aucun courriel d'invitation reçu.")


def _open_campaign_and_invite(analyst, site_url: str, tmp_path) -> None:
    today = dt.date.today()  # noqa: DTZ011 -- the date typed in a form
    analyst.goto(site_url + "/contribuer/campagnes/")
    analyst.get_by_role("link", name="Créer une campagne").click()
    analyst.get_by_label(re.compile("^Titre")).fill("Solidarités de proximité")
    analyst.get_by_label("Ouverture").fill((today - dt.timedelta(days=1)).isoformat())
    analyst.get_by_label("Clôture").fill((today + dt.timedelta(days=30)).isoformat())
    analyst.get_by_role("button", name="Enregistrer").click()
    expect(analyst.get_by_role("heading", name="Solidarités de proximité")).to_be_visible()
    contacts = tmp_path / "contacts.csv"
    contacts.write_text(
        f"nom;courriel;organisation;territoire\nCamille Agent;{ADDRESS};CCAS de Roubaix;59512\n",
        encoding="cp1252",
    )
    analyst.get_by_label("Fichier de contacts (CSV ou Excel)").set_input_files(contacts)
    analyst.get_by_role("button", name="Importer et envoyer les invitations").click()
    expect(analyst.get_by_text(ADDRESS).first).to_be_visible()


def _describe_and_submit(contributor, tmp_path) -> None:
    """A draft in steps, an attachment, then the submission."""
    contributor.get_by_role("link", name="Décrire une initiative").first.click()
    contributor.get_by_role("button", name="Commencer la description").click()
    contributor.get_by_label("Intitulé de l'initiative").fill(TITLE)
    contributor.get_by_label("Résumé").fill(
        "Des habitants de tous âges cultivent ensemble un jardin au pied des immeubles ; "
        "les aînés isolés pendant le confinement y retrouvent du lien."
    )
    contributor.get_by_role("button", name="Étape suivante", exact=True).click()
    contributor.get_by_label("Territoire concerné").fill("Roubaix")
    contributor.get_by_label("Porteur de l'initiative").fill("CCAS de Roubaix")
    contributor.get_by_role("button", name="Étape suivante", exact=True).click()
    expect(contributor.get_by_role("heading", name=re.compile("Étape 3 sur"))).to_be_visible()
    contributor.goto(contributor.url.split("?")[0] + "?etape=5")
    contributor.get_by_label("Résultats observés").fill("Quarante familles inscrites dès le premier été.")
    report = tmp_path / "bilan.pdf"
    report.write_bytes(b"%PDF-1.4\n% bilan du jardin\n" + bytes(range(256)) * 4)
    contributor.get_by_label("Ajouter un document").set_input_files(report)
    contributor.get_by_role("button", name="Ajouter le document").click()
    expect(contributor.get_by_role("link", name="bilan.pdf")).to_be_visible()
    contributor.get_by_role("button", name="Vérifier et envoyer", exact=True).click()
    contributor.get_by_role("button", name="Envoyer la contribution").click()
    expect(
        contributor.get_by_text("En cours de qualification").or_(contributor.get_by_text("Merci"))
    ).to_be_visible()


def _wait_for_the_analysis(page, seconds: float = 30) -> None:
    """As an analyst does: the page says the automatic analysis is under way; reload until it is done
    (the worker's first task loads the geography and the classifier: a few seconds)."""
    pending = page.get_by_text("L'analyse automatique est en cours")
    deadline = time.monotonic() + seconds
    while pending.count() and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        page.reload()
    expect(pending).to_have_count(0)


def test_from_invitation_to_a_published_initiative(site_url, site_env, browser, page, tmp_path):
    analyst = _signed_in(browser, site_url, "analyste")
    _open_campaign_and_invite(analyst, site_url, tmp_path)

    # The contact follows the link of the e-mail and creates an account.
    link = _invitation_link(Path(site_env["ESSAIM_VAR_DIR"]) / "courriels", ADDRESS)
    contributor = browser.new_context(locale="fr-FR").new_page()
    contributor.goto(site_url + link[link.index("/contribuer/") :])
    contributor.get_by_label("Prénom").fill("Camille")
    contributor.get_by_label(re.compile("^Nom")).fill("Agent")
    contributor.get_by_label(re.compile("^Mot de passe")).fill("un-jardin-pour-tous-2020")
    contributor.get_by_label("Confirmation du mot de passe").fill("un-jardin-pour-tous-2020")
    contributor.get_by_role("button", name="Créer mon compte").click()
    expect(contributor.get_by_role("heading", name="Mon espace")).to_be_visible()

    _describe_and_submit(contributor, tmp_path)

    # The analyst finds it in the inbox, with its provenance, and publishes it.
    analyst.goto(site_url + "/veille/")
    analyst.get_by_role("link", name=TITLE).click()
    _wait_for_the_analysis(analyst)
    expect(analyst.get_by_text("CCAS de Roubaix").first).to_be_visible()
    analyst.get_by_label("Publier aussitôt dans le répertoire").check()
    analyst.get_by_role("button", name="Accepter", exact=True).click()
    expect(analyst.get_by_text(re.compile("publiée|acceptée", re.IGNORECASE)).first).to_be_visible()

    # A visitor finds it in the directory; the contributor sees it published.
    page.goto(site_url + "/repertoire/?q=jardin+intergénérationnel")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    contributor.goto(site_url + "/espace/")
    row = contributor.get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_text("Publiée")).to_be_visible()
