"""A contribution's life on the contributor's side: who may write it, drafts, steps, submission.

Submitting checks the required fields and the campaign's period, then, in one transaction, marks
the contribution submitted, hands it to the analysts' inbox and queues the confirmation e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format

from essaim.accounts.abilities import can_contribute, can_manage_inbox
from essaim.contributions.emails import submission_confirmation_send
from essaim.contributions.form_steps import Missing, missing_fields, required_fields
from essaim.contributions.forms_contribution import StepForm
from essaim.contributions.models import (
    Campaign,
    CampaignKind,
    Contribution,
    ContributionAttachment,
    ContributionStatus,
    Invitation,
)
from essaim.inbox.models import Origin
from essaim.inbox.services import CandidateData, Provenance, candidate_receive

# --- Who may do what -----------------------------------------------------------------------------


def campaign_open_to(user, campaign: Campaign) -> bool:
    """A contributor whose organisation is invited to this campaign (by invitation) may contribute."""
    return (
        can_contribute(user)
        and user.organisation_id is not None
        and campaign.kind == CampaignKind.INVITATION
        and Invitation.objects.filter(campaign=campaign, organisation_id=user.organisation_id).exists()
    )


def contribution_of(user, pk: int) -> Contribution:
    """The contribution, if `user` is a contributor of its organisation; Http404 for anyone else."""
    contribution = (
        Contribution.objects.select_related(
            "campaign", "organisation", "author", "territory__departement", "lead_actor_type"
        )
        .filter(pk=pk)
        .first()
    )
    if (
        contribution is None
        or not can_contribute(user)
        or user.organisation_id is None
        or contribution.organisation_id != user.organisation_id
    ):
        raise Http404("Aucune contribution ici.")
    return contribution


def attachment_of(user, contribution_pk: int, pk: int) -> ContributionAttachment:
    """An attachment readable by `user`: the organisation's contributors and the analysts; Http404."""
    attachment = (
        ContributionAttachment.objects.select_related("contribution")
        .filter(pk=pk, contribution_id=contribution_pk)
        .first()
    )
    if attachment is None:
        raise Http404("Aucune pièce jointe ici.")
    organisation_id = attachment.contribution.organisation_id
    member = can_contribute(user) and organisation_id is not None and user.organisation_id == organisation_id
    if not (member or can_manage_inbox(user)):
        raise Http404("Aucune pièce jointe ici.")
    return attachment


# --- Drafts --------------------------------------------------------------------------------------


def contribution_create(*, campaign: Campaign, by) -> Contribution:
    """A new draft of `by`'s organisation for an open campaign it is invited to."""
    if not campaign_open_to(by, campaign):
        raise Http404("Cette campagne ne vous est pas ouverte.")
    if not campaign.is_open():
        raise ValidationError(campaign_closed_message(campaign))
    return Contribution.objects.create(campaign=campaign, organisation=by.organisation, author=by)


def step_save(*, contribution: Contribution, form: StepForm) -> list[str]:
    """Write the step's valid fields to a draft (after `form.is_valid()`); the names saved."""
    if contribution.status != ContributionStatus.DRAFT:
        raise ValidationError("Cette contribution a été envoyée : elle ne peut plus être modifiée.")
    names = form.saved_fields()
    plain = [name for name in names if name not in {"publics", "themes"}]
    with transaction.atomic():
        for name in plain:
            setattr(contribution, name, form.cleaned_data[name])
        contribution.save(update_fields=[*plain, "updated_at"])
        for name in ("publics", "themes"):
            if name in names:
                getattr(contribution, name).set(form.cleaned_data[name])
    return names


def draft_version(contribution: Contribution) -> str:
    """What a page of the draft was built from: an autosave sent from an older page (a request still
    on its way when the step was saved, another tab) must not write over what was saved since."""
    return contribution.updated_at.isoformat()


def saved_at_text(contribution: Contribution) -> str:
    """« 14 h 32 », the time of the last save, in the local time zone."""
    return date_format(timezone.localtime(contribution.updated_at), "G \\h i")


# --- Submission ----------------------------------------------------------------------------------


def campaign_closed_message(campaign: Campaign) -> str:
    today = timezone.localdate()
    if today < campaign.opens_on:
        opens = date_format(campaign.opens_on, "j F Y")
        return (
            f"La campagne « {campaign} » n'ouvre que le {opens} : "
            "la contribution ne peut pas encore être envoyée."
        )
    closed = date_format(campaign.closes_on, "j F Y")
    return (
        f"La campagne « {campaign} » est close depuis le {closed} : "
        "la contribution ne peut plus être envoyée."
    )


def filled_fields(contribution: Contribution) -> set[str]:
    filled = {
        name
        for name in (
            "title",
            "summary",
            "description",
            "lead_actor_name",
            "partners",
            "staff",
            "funding",
            "results",
            "contact_name",
            "contact_role",
            "contact_email",
            "contact_phone",
            "links",
        )
        if (getattr(contribution, name) or "").strip()
    }
    for name in ("territory_id", "lead_actor_type_id", "start_date", "end_date", "budget"):
        if getattr(contribution, name) is not None:
            filled.add(name.removesuffix("_id"))
    if contribution.pk:
        for name in ("publics", "themes", "attachments"):
            if getattr(contribution, name).exists():
                filled.add(name)
    return filled


def contribution_missing(contribution: Contribution) -> list[Missing]:
    """The required fields still empty, each with its label and step."""
    required = required_fields(contribution.campaign.required_fields or [])
    return missing_fields(required, filled_fields(contribution))


@dataclass(frozen=True)
class SubmissionCheck:
    missing: list[Missing]
    closed_message: str  # "" while the campaign is open

    @property
    def ready(self) -> bool:
        return not self.missing and not self.closed_message


def submission_check(contribution: Contribution) -> SubmissionCheck:
    campaign = contribution.campaign
    return SubmissionCheck(
        missing=contribution_missing(contribution),
        closed_message="" if campaign.is_open() else campaign_closed_message(campaign),
    )


def candidate_data(contribution: Contribution) -> CandidateData:
    """The contribution as the inbox receives it."""
    themes = contribution.themes.order_by("position", "label").values_list("code", flat=True)
    publics = contribution.publics.order_by("position", "label").values_list("code", flat=True)
    return CandidateData(
        title=contribution.title,
        summary=contribution.summary,
        description=contribution.description,
        territory=contribution.territory,
        lead_actor_name=contribution.lead_actor_name,
        lead_actor_type_code=contribution.lead_actor_type.code if contribution.lead_actor_type else "",
        partners=contribution.partners,
        theme_codes=tuple(themes),
        public_codes=tuple(publics),
        start_date=contribution.start_date,
        end_date=contribution.end_date,
        staff=contribution.staff,
        budget=contribution.budget,
        funding=contribution.funding,
        results=contribution.results,
        contact_name=contribution.contact_name,
        contact_role=contribution.contact_role,
        contact_email=contribution.contact_email,
        contact_phone=contribution.contact_phone,
        links=tuple(line.strip() for line in contribution.links.splitlines() if line.strip()),
        raw_text="\n\n".join(
            part for part in (contribution.title, contribution.summary, contribution.description) if part
        ),
    )


def provenance_of(contribution: Contribution) -> Provenance:
    author = contribution.author
    contributor = (author.get_full_name() or author.username) if author else ""
    organisation = contribution.organisation.name if contribution.organisation else ""
    who = ", ".join(part for part in (contributor, organisation) if part)
    label = f"Campagne « {contribution.campaign.title} »" + (f" — {who}" if who else "")
    if contribution.adopts_id:
        # The analysts must see at once that it declares taking up a practice of the directory.
        label += f" — reprise de « {contribution.adopts.title} » (n° {contribution.adopts_id})"
    return Provenance(
        label=label, campaign=contribution.campaign.title, contributor=contributor, organisation=organisation
    )


def contribution_submit(*, contribution: Contribution, by) -> Contribution:
    """Send a complete draft to the analysts: status, inbox candidate and confirmation e-mail, all
    or nothing. A contribution already sent is left as it is (submitting twice changes nothing).

    Raises ValidationError (French) when fields are missing or the campaign is closed.
    """
    with transaction.atomic():
        locked = (
            Contribution.objects.select_for_update(of=("self",))
            .select_related("campaign", "organisation", "author", "territory", "lead_actor_type")
            .get(pk=contribution.pk)
        )
        if locked.status != ContributionStatus.DRAFT:
            return locked
        check = submission_check(locked)
        if check.closed_message:
            raise ValidationError(check.closed_message, code="closed")
        if check.missing:
            names = ", ".join(item.label.lower() for item in check.missing)
            raise ValidationError(f"Il manque encore : {names}.", code="missing")
        locked.status = ContributionStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["status", "submitted_at", "updated_at"])
        candidate_receive(
            origin=Origin.CONTRIBUTION,
            origin_key=locked.origin_key,
            data=candidate_data(locked),
            provenance=provenance_of(locked),
            target=locked.initiative,
        )
        submission_confirmation_send(locked)
    return locked
