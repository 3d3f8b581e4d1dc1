"""The form's steps and required fields (pure)."""

from essaim.contributions.form_steps import LAST_STEP, missing_fields, required_fields, step_number


def test_a_campaign_adds_required_fields_and_unknown_names_are_ignored():
    required = required_fields(["start_date", "title", "nonexistent", "start_date"])

    assert required == ("title", "summary", "territory", "lead_actor_name", "start_date")


def test_missing_fields_come_in_the_form_order_with_their_step():
    missing = missing_fields(("title", "summary", "territory", "contact_email"), {"summary"})

    assert [(item.label, item.step) for item in missing] == [
        ("Intitulé de l'initiative", 1),
        ("Territoire concerné", 2),
        ("Courriel du contact", 5),
    ]


def test_step_numbers_typed_in_the_address_stay_within_bounds():
    assert step_number("3") == 3
    assert step_number("99") == LAST_STEP
    assert step_number("-2") == 1
    assert step_number("trois") == 1
    assert step_number(None) == 1
