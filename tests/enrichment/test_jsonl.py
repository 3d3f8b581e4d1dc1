"""The batch input: good lines go through, bad ones are reported with their number."""

from essaim.enrichment.jsonl import BadLine, InputRecord, read_records


def test_good_and_bad_lines_are_told_apart_with_their_numbers():
    lines = [
        '{"id": "a1", "title": "Titre", "summary": "Résumé", "autre": 1}',
        "pas du json",
        "",
        "[1, 2]",
        '{"id": "a2", "title": "Titre"}',
        '{"id": 7, "title": "T", "summary": "S"}',
        '{"id": true, "title": "T", "summary": "S"}',
        '{"id": "a3", "title": 3, "summary": "S"}',
        b"\xff\xfe garbage",
    ]
    results = list(read_records(lines))
    good = [item for item in results if isinstance(item, InputRecord)]
    bad = {item.line: item.reason for item in results if isinstance(item, BadLine)}
    assert [(item.line, item.id) for item in good] == [(1, "a1"), (6, 7)]
    assert sorted(bad) == [2, 4, 5, 7, 8, 9]
    assert bad[2].startswith("JSON invalide")
    assert bad[5] == "champ(s) manquant(s) : summary"
    assert bad[9] == "la ligne n'est pas en UTF-8"
