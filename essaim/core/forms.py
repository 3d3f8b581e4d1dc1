"""Form helpers shared by the apps' views."""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.forms import Form


def errors_report(form: Form, error: ValidationError, renamed: Mapping[str, str] | None = None) -> None:
    """Put a service's French messages on the form's fields, or at its top when no field matches.

    `renamed` maps a model field to the form field that edits it ("territory" -> "territory_code").
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        target = (renamed or {}).get(name, name)
        form.add_error(target if target in form.fields else None, messages)
