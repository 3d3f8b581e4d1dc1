"""Exports of a fiche action (PDF, DOCX, ODT), all built from one `SheetDocument`."""
