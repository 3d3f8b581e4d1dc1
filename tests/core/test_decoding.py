"""Partners' text files are read in the encoding they were written in, French accents intact."""

import pytest

from essaim.core.decoding import decode_text

FRENCH = "Nom de l'action;Commune\nLes aînés retrouvent le chemin du marché grâce à un minibus ;Rodez\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "mac_roman", "cp850"])
def test_a_short_french_file_is_read_in_its_own_encoding(encoding):
    assert decode_text(FRENCH.encode(encoding)) == FRENCH


def test_windows_punctuation_and_the_euro_sign_are_read():
    text = "« Colis solidaires » : 5 000 € récoltés… l’opération continue – Œuvre commune"
    assert decode_text(text.encode("cp1252")) == text


def test_bytes_no_encoding_reads_never_fail():
    assert decode_text(b"") == ""
    garbage = bytes(range(256)) * 100
    assert isinstance(decode_text(garbage), str)
    assert decode_text(b"caf\xc3") == "cafÃ"  # truncated UTF-8: read as Windows-1252
