"""`essaim annotate` and `essaim dedupe`: the JSON contract, bad lines, exit codes."""

import io
import json

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

LILLE = {
    "id": "r1",
    "title": "Lille : le CCAS livre des repas aux personnes âgées isolées",
    "summary": "Pendant le confinement, le centre communal d'action sociale de la ville de Lille "
    "livre chaque jour des repas à domicile aux personnes âgées isolées, avec l'aide de bénévoles.",
}
LILLE_AGAIN = {
    "id": "r2",
    "title": "À Lille, des repas livrés aux aînés isolés par le CCAS",
    "summary": "La ville de Lille, par son CCAS, apporte tous les jours un repas aux personnes âgées "
    "seules à leur domicile pendant le confinement ; des bénévoles assurent les livraisons.",
}
OTHER = {
    "id": 3,
    "title": "Bouches-du-Rhône : un numéro d'écoute pour les femmes victimes de violences conjugales",
    "summary": "Le Département des Bouches-du-Rhône ouvre une ligne d'écoute pour les femmes victimes "
    "de violences conjugales pendant le confinement, avec des associations spécialisées.",
}


def _run(command, tmp_path, lines):
    path = tmp_path / "entree.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command(command, str(path), stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, [json.loads(line) for line in out.getvalue().splitlines()], err.getvalue()


def test_annotate_gives_one_line_per_record_in_order_with_the_contract(tmp_path):
    code, rows, err = _run("annotate", tmp_path, [json.dumps(LILLE), json.dumps(OTHER)])
    assert code == 0 and err == ""
    assert [row["id"] for row in rows] == ["r1", 3]
    lille, other = rows
    assert set(lille) == {"id", "departement_code", "commune_code", "themes", "publics", "actor_type"}
    assert (lille["departement_code"], lille["commune_code"]) == ("59", "59350")
    assert other["departement_code"] == "13"
    assert lille["themes"][0]["code"] == "autonomie_age_handicap"
    assert other["themes"][0]["code"] == "violences_conjugales_intrafamiliales"
    scores = [theme["score"] for theme in lille["themes"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= score <= 1 for score in scores)
    assert "personnes_agees" in {public["code"] for public in lille["publics"] if public["score"] >= 0.5}
    assert lille["actor_type"]["code"] == "ccas_cias"


def test_an_epci_named_by_its_own_name_is_read_as_the_actor(tmp_path):
    """« Grand Chambéry » has no « communauté » in its name: the geotagger knows it is an EPCI."""
    record = {
        "id": "e1",
        "title": "Un fonds pour les artistes",
        "summary": "Grand Chambéry verse 1 500 euros aux compagnies de théâtre privées de "
        "scène ; l'association des musiciens du bassin relaie l'appel.",
    }
    code, rows, _err = _run("annotate", tmp_path, [json.dumps(record)])
    assert code == 0
    assert rows[0]["actor_type"]["code"] == "intercommunalite"


def test_a_bad_line_is_reported_skipped_and_sets_the_exit_code(tmp_path):
    code, rows, err = _run("annotate", tmp_path, [json.dumps(LILLE), "{pas du json", json.dumps(OTHER)])
    assert code == 1
    assert [row["id"] for row in rows] == ["r1", 3]
    assert "ligne 2 ignorée : JSON invalide" in err


def test_dedupe_groups_the_two_reports_of_one_initiative(tmp_path):
    code, rows, _ = _run("dedupe", tmp_path, [json.dumps(LILLE), json.dumps(OTHER), json.dumps(LILLE_AGAIN)])
    assert code == 0
    assert len(rows) == 1
    assert sorted(rows[0]["ids"]) == ["r1", "r2"]
    assert 0 < rows[0]["score"] <= 1


def test_a_missing_file_is_a_clear_french_error(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("annotate", str(tmp_path / "absent.jsonl"))
