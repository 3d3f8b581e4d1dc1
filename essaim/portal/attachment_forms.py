"""The form of the initiative page that adds a document (analysts); it only validates input,
`catalog.services.attachment_add` checks the file's content and stores it."""

from django import forms


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label="Document",
        help_text="PDF, image (PNG, JPEG, WebP, GIF) ou document bureautique (Word, Excel, PowerPoint, "
        "LibreOffice) ; 10 Mo au plus. Il reste privé tant que vous ne le rendez pas public.",
        error_messages={
            "required": "Choisissez un fichier à ajouter.",
            "empty": "Ce fichier est vide.",
            "invalid": "Aucun fichier n'a été reçu : choisissez-en un à nouveau.",
        },
    )
    title = forms.CharField(
        label="Titre (facultatif)",
        max_length=200,
        required=False,
        help_text="Par défaut, le nom du fichier.",
        error_messages={"max_length": "200 caractères au plus pour le titre."},
    )

    prefix = "document"
