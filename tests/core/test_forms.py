"""A service's errors reach the form the person is filling in."""

from django import forms
from django.core.exceptions import ValidationError

from essaim.core.forms import errors_report


class _Form(forms.Form):
    title = forms.CharField()
    territory_code = forms.CharField()


def _form() -> _Form:
    form = _Form({"title": "Repas", "territory_code": "59"})
    assert form.is_valid()
    return form


def test_a_field_error_lands_on_its_field_and_an_unknown_one_at_the_top():
    form = _form()
    errors_report(form, ValidationError({"title": "Titre trop court.", "status": "Statut inconnu."}))
    assert form.errors["title"] == ["Titre trop court."]
    assert form.non_field_errors() == ["Statut inconnu."]


def test_a_renamed_model_field_reaches_the_form_field_that_edits_it():
    form = _form()
    errors_report(
        form, ValidationError({"territory": "Territoire inconnu."}), {"territory": "territory_code"}
    )
    assert form.errors["territory_code"] == ["Territoire inconnu."]


def test_a_message_without_field_is_shown_at_the_top():
    form = _form()
    errors_report(form, ValidationError("Ce candidat a déjà été traité."))
    assert form.non_field_errors() == ["Ce candidat a déjà été traité."]
