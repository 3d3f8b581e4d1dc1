"""The watch in a real browser, on a site set up like `make run` with its worker: an analyst adds a
partner's spreadsheet as a source → the columns guessed from its French headers → the import and
enrichment run in the background with their progress → the inbox lists one candidate per row,
placed, and the two rows that report the same initiative point at each other."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SHUTTLE_NEWSLETTER = "Bus'Aînés : une navette pour faire ses courses"
SHUTTLE_PRESS = "Rodez : les seniors retrouvent le chemin du marché grâce à un minibus"
MASKS = "Lille : des couturières bénévoles fabriquent des masques"
ROWS = [
    (
        SHUTTLE_NEWSLETTER,
        "CCAS de Rodez",
        "Rodez",
        "12",
        "Depuis le 14 avril, la navette Bus'Aînés conduit chaque mardi et vendredi les personnes "
        "âgées isolées jusqu'au marché couvert. Le CCAS a recruté deux chauffeurs et l'association "
        "Les Cantous assure l'accompagnement : 42 habitants sont déjà inscrits.",
    ),
    (
        SHUTTLE_PRESS,
        "CCAS de Rodez",
        "Rodez",
        "Aveyron",
        "Le CCAS a lancé le 14 avril « Bus'Aînés », un minibus gratuit qui emmène deux fois par "
        "semaine les aînés sans voiture faire leurs achats. Quarante-deux personnes se sont "
        "inscrites et les bénévoles des Cantous les aident à porter leurs sacs.",
    ),
    (
        MASKS,
        "Ville de Lille",
        "Lille",
        "59",
        "Un atelier de couturières bénévoles installé dans une salle municipale a cousu 5 000 "
        "masques en tissu, distribués gratuitement dans les pharmacies du quartier de Wazemmes.",
    ),
]


def _spreadsheet(tmp_path):
    """A partner's file as they come: Windows-1252, semicolons, French headers."""
    lines = ["Nom de l'action;Structure porteuse;Commune;Département;Date de début;Description"]
    lines += [
        f"{title};{actor};{commune};{dep};14/04/2020;{text}" for title, actor, commune, dep, text in ROWS
    ]
    path = tmp_path / "remontees-reseau.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def test_a_spreadsheet_becomes_enriched_candidates_in_the_inbox(browser, site_url, tmp_path):
    context = browser.new_context(locale="fr-FR")
    analyst = context.new_page()
    analyst.goto(site_url + "/compte/connexion/")
    analyst.get_by_label("Identifiant").fill("analyste")
    analyst.get_by_label("Mot de passe").fill("essaim-demo")
    analyst.get_by_role("button", name="Se connecter").click()

    analyst.goto(site_url + "/veille/sources/")
    analyst.get_by_role("navigation", name="Veille").get_by_role("link", name="Ajouter une source").click()
    analyst.get_by_label("Nom de la source").fill("Réseau des élus solidaires")
    analyst.get_by_label("Tableau déposé (CSV, XLSX, ODS)").check()
    analyst.get_by_label("Fichier (document ou tableau)").set_input_files(_spreadsheet(tmp_path))
    analyst.get_by_role("button", name="Enregistrer").click()

    # The columns are guessed from the headers; the analyst checks them and imports.
    expect(analyst.get_by_text("Correspondance devinée")).to_be_visible()
    expect(analyst.get_by_label("Intitulé de l'action (obligatoire)")).to_have_value("Nom de l'action")
    analyst.get_by_role("button", name="Enregistrer et importer").click()

    # The site's worker imports then enriches, and the page follows it.
    status = analyst.locator("#job-status")
    expect(status).to_contain_text("Terminée", timeout=60_000)
    expect(status).to_contain_text("3 / 3 candidats")

    analyst.get_by_role("link", name="Voir les candidats de cette source dans la boîte de réception").click()
    expect(analyst.locator("tr[data-candidate]")).to_have_count(3)  # this source's, not the demo's
    for title in (SHUTTLE_NEWSLETTER, SHUTTLE_PRESS, MASKS):
        expect(analyst.get_by_role("link", name=title)).to_be_visible()
    rows = analyst.locator("tr[data-candidate]")
    shuttle = rows.filter(has=analyst.get_by_role("link", name=SHUTTLE_PRESS))
    expect(shuttle).to_contain_text("doublon possible")
    expect(shuttle).to_contain_text("Rodez")
    masks = rows.filter(has=analyst.get_by_role("link", name=MASKS))
    expect(masks).to_contain_text("Lille")
    expect(masks).not_to_contain_text("doublon possible")

    analyst.get_by_role("link", name=SHUTTLE_PRESS).click()
    duplicates = analyst.locator("section", has=analyst.get_by_role("heading", name="Doublons possibles"))
    expect(duplicates).to_contain_text(
        re.compile(f"Autre candidat n° \\d+ « {re.escape(SHUTTLE_NEWSLETTER)} »")
    )
    expect(duplicates).to_contain_text(re.compile(r"Ressemblance : \d+ %"))
    context.close()
