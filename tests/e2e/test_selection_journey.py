"""The selection journey in a real Chromium: shortlist → two experts score → a disagreement is
reconciled → decision → fiche drafted, edited, submitted, approved by another person, published →
a visitor downloads its PDF, DOCX and ODT, each with every section title."""

import re
import zipfile

import pytest
from playwright.sync_api import expect

from essaim.sheets.sections import SECTIONS

pytestmark = pytest.mark.e2e

TITLE = "Poitiers : le CCAS appelle chaque jour 300 personnes vulnérables"
RECOMMENDATION = "Réactiver le registre canicule dès le premier jour de crise."
GATES = ("champ_action_sociale", "mise_en_oeuvre", "legale_ethique", "informations_suffisantes")
SCORES = {
    "expert": {
        "efficacite": 5,
        "efficience_cout": 4,
        "plus_vulnerables": 5,
        "nouveaute": 3,
        "transferabilite": 4,
        "perennite": 3,
        "partenariat": 3,
        "participation": 2,
        "valeur_crise": 5,
    },
    "expert2": {
        "efficacite": 2,  # three points below the first expert: a disagreement
        "efficience_cout": 4,
        "plus_vulnerables": 4,
        "nouveaute": 3,
        "transferabilite": 4,
        "perennite": 3,
        "partenariat": 3,
        "participation": 2,
        "valeur_crise": 4,
    },
}


def _signed_in(browser, site_url: str, username: str):
    """A new browser context signed in through the login page."""
    context = browser.new_context(locale="fr-FR", accept_downloads=True)
    page = context.new_page()
    page.goto(site_url + "/compte/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill("essaim-demo")
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(site_url + "/")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return page


def _score(page, site_url: str, username: str) -> None:
    """The expert opens the assessment entrusted to them and submits every criterion."""
    page.goto(site_url + "/selection/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name=f"Évaluation de « {TITLE} »")).to_be_visible()
    for code in GATES:
        page.locator(f"input[name='note_{code}'][value='1']").check()
    for code, value in SCORES[username].items():
        page.locator(f"input[name='note_{code}'][value='{value}']").check()
    page.locator("#critere-efficacite").get_by_label("Commentaire").fill(
        "Des appels quotidiens, mais des effets à mesurer."
        if username == "expert2"
        else "Chaque personne inscrite est appelée chaque jour."
    )
    page.locator("input[name='evidence_level'][value='documente']").check()
    page.locator("input[name='transfer_type'][value='dupliquer']").check()
    page.get_by_label("Appréciation générale").fill(f"Appréciation de {username}.")
    page.get_by_role("button", name="Soumettre l'évaluation").click()
    expect(page.get_by_text("Évaluation soumise. Les notes des autres experts")).to_be_visible()


def _download(page, link_name: str, tmp_path, name: str):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name, exact=True).click()
    path = tmp_path / name
    info.value.save_as(path)
    return path


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _docx_text(path) -> str:
    from docx import Document

    document = Document(str(path))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(texts)


def _odt_text(path) -> str:
    from odf import teletype, text
    from odf.opendocument import load

    document = load(str(path))
    return "\n".join(
        teletype.extractText(element)
        for kind in (text.H, text.P)
        for element in document.getElementsByType(kind)
    )


def _normalised(text: str) -> str:
    """Extracted text with blanks collapsed and the typographic apostrophe made straight."""
    return re.sub(r"\s+", " ", text).replace("’", "'")


def _shortlist(analyst, site_url: str) -> str:
    """The analyst shortlists the initiative and entrusts it to the two demo experts."""
    analyst.goto(site_url + "/selection/ajouter/")
    analyst.get_by_label("Rechercher dans le répertoire (tous statuts)").fill("Poitiers CCAS vulnérables")
    analyst.get_by_role("button", name="Rechercher").click()
    analyst.get_by_role("link", name=f"Présélectionner « {TITLE} »").click()
    expect(analyst.get_by_role("heading", name=f"Présélectionner « {TITLE} »")).to_be_visible()
    analyst.get_by_label("Expert (démo)", exact=True).check()
    analyst.get_by_label("Expert 2 (démo)", exact=True).check()
    analyst.get_by_role("button", name="Présélectionner et confier aux experts").click()
    expect(analyst.get_by_text(f"« {TITLE} » est présélectionnée")).to_be_visible()
    return analyst.url


def _reconcile_and_select(analyst, entry_url: str) -> None:
    """The analyst sees the disagreement, reconciles it, then records the decision « retenue »."""
    analyst.goto(entry_url)
    expect(analyst.get_by_text("1 désaccord à arbitrer")).to_be_visible()
    expect(analyst.get_by_role("link", name="Désaccord à arbitrer")).to_be_visible()
    reconcile = analyst.locator("#arbitrage-efficacite")
    reconcile.locator("input[type=radio][value='4']").check()
    reconcile.get_by_label("Motif").fill("Des effets constatés au téléphone, pas encore mesurés.")
    reconcile.get_by_role("button", name="Enregistrer l'arbitrage").click()
    expect(analyst.get_by_text("Note arbitrée enregistrée pour « Efficacité")).to_be_visible()
    expect(analyst.get_by_role("link", name="Désaccord arbitré")).to_be_visible()
    expect(analyst.get_by_text("1 désaccord à arbitrer")).to_have_count(0)

    analyst.locator("input[name='outcome'][value='retenue']").check()
    analyst.get_by_label("Motivation").fill("Une veille simple et reproductible par tout CCAS.")
    analyst.get_by_role("button", name="Enregistrer la décision").click()
    expect(analyst.get_by_text("Décision enregistrée : retenue.")).to_be_visible()


def _draft_edit_submit(analyst, site_url: str) -> str:
    """The fiche is drafted, edited (the draft marker goes) and submitted for review."""
    analyst.goto(site_url + "/fiches/")
    awaiting = analyst.locator("ul.awaiting li").filter(has_text=TITLE)
    awaiting.get_by_role("button", name="Générer le brouillon de la fiche").click()
    expect(analyst.get_by_text("Le brouillon de la fiche a été généré")).to_be_visible()
    expect(analyst.get_by_text("Brouillon généré automatiquement — à relire").first).to_be_visible()
    sheet_url = analyst.url
    analyst.get_by_role("link", name="Modifier la fiche").click()
    analyst.get_by_label("Recommandations", exact=True).fill(f"<p>{RECOMMENDATION}</p>")
    analyst.get_by_role("button", name="Enregistrer une nouvelle version").click()
    expect(analyst.get_by_text("Version 2 enregistrée.")).to_be_visible()
    expect(analyst.get_by_text("Brouillon généré automatiquement — à relire")).to_have_count(0)
    analyst.get_by_role("button", name="Soumettre à la relecture").click()
    expect(analyst.get_by_text("La fiche est soumise à la relecture.")).to_be_visible()
    return sheet_url


def _approve_and_publish(reviewer, analyst, sheet_url: str) -> None:
    """Another person approves the fiche; the analyst publishes it."""
    reviewer.goto(sheet_url)
    reviewer.get_by_label("Commentaire de relecture").fill("Relue : rien à reprendre.")
    reviewer.get_by_role("button", name="Approuver").click()
    expect(reviewer.get_by_text("La fiche est approuvée.")).to_be_visible()
    analyst.goto(sheet_url)
    analyst.get_by_role("button", name="Publier sur le portail").click()
    expect(analyst.get_by_text("La fiche est publiée sur le portail.")).to_be_visible()


def test_shortlist_score_reconcile_decide_and_publish_a_fiche(site_url, browser, page, tmp_path):
    analyst = _signed_in(browser, site_url, "analyste")
    entry_url = _shortlist(analyst, site_url)

    # Each expert signs in and scores independently; the first sees no other score yet.
    first = _signed_in(browser, site_url, "expert")
    _score(first, site_url, "expert")
    expect(first.get_by_text("Aucun autre expert n'a encore soumis son évaluation.")).to_be_visible()
    second = _signed_in(browser, site_url, "expert2")
    _score(second, site_url, "expert2")
    expect(second.get_by_role("columnheader", name="Expert (démo)")).to_be_visible()

    _reconcile_and_select(analyst, entry_url)
    sheet_url = _draft_edit_submit(analyst, site_url)
    _approve_and_publish(second, analyst, sheet_url)

    # A visitor finds it among the published fiches and downloads it in the three formats.
    page.goto(site_url + "/fiches/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", name="Recommandations")).to_be_visible()
    expect(page.get_by_text(RECOMMENDATION)).to_be_visible()
    pdf = _download(page, "PDF", tmp_path, "fiche.pdf")
    docx = _download(page, "DOCX (Word)", tmp_path, "fiche.docx")
    odt = _download(page, "ODT (LibreOffice)", tmp_path, "fiche.odt")
    for other in (analyst, first, second):
        other.context.close()

    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert zipfile.is_zipfile(docx) and zipfile.is_zipfile(odt)
    for path, read in ((pdf, _pdf_text), (docx, _docx_text), (odt, _odt_text)):
        extracted = _normalised(read(path))
        missing = [title for _, title in SECTIONS if _normalised(title) not in extracted]
        assert not missing, f"{path.name} : titres de section absents {missing}"
        assert RECOMMENDATION in extracted


def test_the_booklet_is_made_in_the_background_with_progress_then_downloaded(site_url, page, tmp_path):
    """The site's real worker (`essaim worker`, as `make run` starts it) makes the booklet while its
    page says where it is, then offers the file."""
    page.goto(site_url + "/fiches/")
    page.get_by_role("link", name="le livret de toutes les fiches publiées (PDF)").click()
    expect(page.get_by_role("heading", name="Livret des fiches action (PDF)")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(re.compile("En attente|En cours|Terminée"))
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("link", name="Télécharger livret-fiches-action.pdf").click(timeout=60_000)
    path = tmp_path / "livret.pdf"
    info.value.save_as(path)
    text = _pdf_text(path)
    assert "Fiches action — Essaim" in text and "Sommaire" in text
    expect(page.get_by_role("status")).to_contain_text("Terminée")
