"""Invitations: importing contacts (CSV or XLSX), signed personal links, sending and reminders.

A contacts file is read whole before anything is stored: one bad row (with its line number in
the French message) and nothing is imported. Each e-mail is one background task, so that a bad
mailbox only fails its own invitation, which the campaign page shows with its error and a
"Renvoyer" button.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from essaim.accounts.models import Organisation, User
from essaim.accounts.roles import Role
from essaim.contributions import emails
from essaim.contributions.models import (
    Campaign,
    CampaignKind,
    Contribution,
    ContributionStatus,
    Invitation,
    InvitationStatus,
)
from essaim.core.decoding import decode_text
from essaim.territories.models import Level, Territory
from essaim.territories.selectors import territory_lookup

logger = logging.getLogger(__name__)

MAX_ROWS = 5000
MAX_ERRORS_SHOWN = 50
TOKEN_SALT = "essaim.contributions.invitation"  # noqa: S105 -- a salt, not a secret
# A link never lives longer than this, even for a campaign whose closing date is pushed back.
TOKEN_MAX_AGE = dt.timedelta(days=400)
REMINDER_DAYS = (7, 2)

# Accepted spellings of each column's header (compared without case, accents or punctuation).
COLUMNS = {
    "name": {"nom", "nomcomplet", "prenomnom", "nomprenom", "contact", "name"},
    "email": {"courriel", "email", "mail", "adressemail", "adressecourriel", "adresseelectronique"},
    "organisation": {"organisation", "organisme", "structure", "collectivite", "organization"},
    "territory": {"territoire", "codeinsee", "commune", "territory", "insee"},
}
DELIMITERS = ",;\t|"


# --- Reading a contacts file -----------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    line: int
    name: str
    email: str
    organisation: str
    territory: Territory | None = None


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Ligne {self.line} : {self.message}" if self.line else self.message


class ContactsError(Exception):
    """The file cannot be imported; `errors` says why, line by line, in French."""

    def __init__(self, errors: Sequence[RowError]):
        super().__init__("; ".join(str(error) for error in errors[:5]))
        self.errors = list(errors)


def _key(header: object) -> str:
    text = unicodedata.normalize("NFKD", str(header or "")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", text.lower())


def _csv_rows(content: bytes) -> list[list[str]]:
    text = decode_text(content).replace("\r\n", "\n").replace("\r", "\n")
    first_line = next((line for line in text.split("\n") if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in DELIMITERS}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ContactsError(
            [RowError(0, "Le classeur Excel ne peut pas être lu (fichier abîmé ?).")]
        ) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()


def _territory(raw: str) -> tuple[Territory | None, str]:
    """The territory named or coded by `raw`, or a French message saying why not."""
    value = raw.strip()
    if not value:
        return None, ""
    code = value.upper()
    if code.isdigit() and len(code) in (1, 4):
        code = code.zfill(len(code) + 1)  # a spreadsheet dropped the leading zero ("1004" for 01004)
    if re.fullmatch(r"\d[\dAB]\d{3}", code):
        found = Territory.objects.filter(level=Level.COMMUNE, code=code, is_current=True).first()
        return (found, "") if found else (None, f"aucune commune n'a le code INSEE « {value} ».")
    if re.fullmatch(r"\d[\dAB]\d?", code) and len(code) <= 3:
        found = Territory.objects.filter(level=Level.DEPARTEMENT, code=code).first()
        return (found, "") if found else (None, f"aucun département n'a le code « {value} ».")
    matches = territory_lookup(value, limit=4)
    if not matches:
        return None, f"territoire « {value} » inconnu (indiquez son nom officiel ou son code INSEE)."
    if len(matches) > 1:
        listed = ", ".join(f"{t.name} ({t.code})" for t in matches[:3])
        return None, f"plusieurs territoires s'appellent « {value} » ({listed}…) : indiquez le code INSEE."
    return matches[0], ""


def _positions(header_row: list[str]) -> dict[str, int]:
    """Which column holds what, from the header row; ContactsError if a needed one is missing."""
    header = [_key(cell) for cell in header_row]
    positions: dict[str, int] = {}
    for column, names in COLUMNS.items():
        for index, key in enumerate(header):
            if key in names and column not in positions:
                positions[column] = index
    missing = [
        label
        for column, label in (("email", "courriel"), ("organisation", "organisation"))
        if column not in positions
    ]
    if missing:
        message = (
            "la première ligne doit nommer les colonnes nom, courriel, organisation et territoire "
            f"(facultative) ; il manque : {', '.join(missing)}."
        )
        raise ContactsError([RowError(1, message)])
    return positions


def _email_problem(email: str, seen: dict[str, int], line: int) -> str:
    if not email:
        return "le courriel manque."
    try:
        validate_email(email)
    except ValidationError:
        return f"le courriel « {email} » n'est pas valide."
    if email in seen:
        return f"le courriel « {email} » figure déjà ligne {seen[email]}."
    seen[email] = line
    return ""


def _contact(line: int, values: dict[str, str], seen: dict[str, int]) -> tuple[Contact | None, list[str]]:
    """The contact of one row, or the French problems found on it."""
    email = values["email"].lower()
    organisation, name = values["organisation"], values["name"]
    problems = [_email_problem(email, seen, line)]
    if not organisation:
        problems.append("l'organisation manque.")
    elif len(organisation) > 200:
        problems.append("le nom de l'organisation dépasse 200 caractères.")
    if len(name) > 200:
        problems.append("le nom dépasse 200 caractères.")
    territory, problem = _territory(values["territory"])
    problems.append(problem)
    problems = [problem for problem in problems if problem]
    if problems:
        return None, problems
    return Contact(line=line, name=name, email=email, organisation=organisation, territory=territory), []


def contacts_read(filename: str, content: bytes) -> list[Contact]:
    """The contacts of a CSV or XLSX file (columns nom, courriel, organisation, territoire).

    Raises ContactsError listing every bad row (line numbers as a spreadsheet shows them).
    """
    if not content.strip():
        raise ContactsError([RowError(0, "Le fichier est vide.")])
    is_xlsx = filename.lower().endswith((".xlsx", ".xlsm")) or content.startswith(b"PK\x03\x04")
    rows = _xlsx_rows(content) if is_xlsx else _csv_rows(content)
    if not rows:
        raise ContactsError([RowError(0, "Le fichier est vide.")])
    positions = _positions(rows[0])
    if len(rows) - 1 > MAX_ROWS:
        raise ContactsError([RowError(0, f"Le fichier compte plus de {MAX_ROWS} contacts : découpez-le.")])
    contacts: list[Contact] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(str(value).strip() for value in row):
            continue
        values = {
            column: (
                row[positions[column]].strip() if column in positions and positions[column] < len(row) else ""
            )
            for column in COLUMNS
        }
        contact, problems = _contact(line, values, seen)
        errors.extend(RowError(line, problem) for problem in problems)
        if contact is not None:
            contacts.append(contact)
    if errors:
        raise ContactsError(errors)
    if not contacts:
        raise ContactsError([RowError(0, "Le fichier ne contient aucun contact.")])
    return contacts


# --- Importing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportReport:
    created: list[Invitation] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What happened, in French, for the analyst."""
        created, skipped = len(self.created), len(self.already_invited)
        if created:
            plural = "s" if created > 1 else ""
            text = f"{created} invitation{plural} créée{plural} ; envoi en cours."
        else:
            text = "Aucune nouvelle invitation."
        if skipped:
            plural = "s" if skipped > 1 else ""
            text += f" {skipped} adresse{plural} déjà invitée{plural}, ignorée{plural}."
        return text


def campaign_accepts_invitations(campaign: Campaign, today: dt.date | None = None) -> str:
    """Empty if invitations can be sent for this campaign, else the French reason why not."""
    today = today or timezone.localdate()
    if campaign.kind != CampaignKind.INVITATION:
        return "Un formulaire de crise est public : il n'a pas d'invitations."
    if campaign.closes_on < today:
        return "La campagne est close : on ne peut plus y inviter personne."
    return ""


def organisation_get_or_create(name: str) -> Organisation:
    """The organisation of that name (ignoring case), created if new."""
    clean = " ".join(name.split())
    found = Organisation.objects.filter(name__iexact=clean).first()
    return found or Organisation.objects.create(name=clean)


def invitations_import(campaign: Campaign, contacts: Iterable[Contact], *, send: bool = True) -> ImportReport:
    """Invite every contact to the campaign (all or nothing); addresses already invited are skipped.

    With `send`, each new invitation's e-mail is queued once the import is committed.
    """
    reason = campaign_accepts_invitations(campaign)
    if reason:
        raise ContactsError([RowError(0, reason)])
    report = ImportReport()
    with transaction.atomic():
        existing = set(campaign.invitations.values_list("email", flat=True))
        for contact in contacts:
            if contact.email in existing:
                report.already_invited.append(contact.email)
                continue
            invitation = Invitation.objects.create(
                campaign=campaign,
                email=contact.email,
                name=contact.name,
                organisation=organisation_get_or_create(contact.organisation),
                territory=contact.territory,
            )
            existing.add(contact.email)
            report.created.append(invitation)
        if send:
            for invitation in report.created:
                invitation_send(invitation)
    return report


# --- Signed links ----------------------------------------------------------------------------


class InvitationLinkError(Exception):
    """A link that is not ours (forged, truncated): 400."""


class InvitationExpired(Exception):
    """A genuine link whose campaign is closed (or too old): 410."""

    def __init__(self, campaign: Campaign | None = None):
        super().__init__("Invitation expirée")
        self.campaign = campaign


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=TOKEN_SALT)


def invitation_token(invitation: Invitation) -> str:
    """The signed token of an invitation's personal link (bound to its address)."""
    return _signer().sign_object({"i": invitation.pk, "e": invitation.email})


def invitation_url(invitation: Invitation) -> str:
    return emails.site_url() + reverse(
        "contributions:invitation", kwargs={"token": invitation_token(invitation)}
    )


def invitation_from_token(token: str, *, today: dt.date | None = None) -> Invitation:
    """The invitation of a personal link; InvitationLinkError if forged, InvitationExpired once the
    campaign has closed."""
    try:
        payload = _signer().unsign_object(token, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvitationExpired() from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvitationLinkError() from error
    if not isinstance(payload, dict):
        raise InvitationLinkError()
    invitation = (
        Invitation.objects.select_related("campaign", "organisation").filter(pk=payload.get("i")).first()
    )
    if invitation is None or invitation.email != payload.get("e"):
        raise InvitationLinkError()
    today = today or timezone.localdate()
    if invitation.campaign.closes_on < today:
        raise InvitationExpired(invitation.campaign)
    return invitation


@transaction.atomic
def invitation_accept(invitation: Invitation, user) -> Invitation:
    """Record that this user took the invitation; a contributor without organisation joins its own."""
    if user.organisation_id is None and user.role == Role.CONTRIBUTOR:
        user.organisation = invitation.organisation
        user.save(update_fields=["organisation"])
    if invitation.status != InvitationStatus.ACCEPTED:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.accepted_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["status", "accepted_at", "user"])
    return invitation


def may_take(invitation: Invitation, user) -> bool:
    """A signed-in person may take this invitation if it is theirs or their organisation's."""
    if user.email and user.email.lower() == invitation.email.lower():
        return user.organisation_id in (None, invitation.organisation_id)
    return user.organisation_id == invitation.organisation_id


# --- Sending ---------------------------------------------------------------------------------


def invitation_send(invitation: Invitation, *, reminder: bool = False) -> None:
    """Queue the invitation's e-mail (or a reminder) once the current transaction commits."""
    from essaim.contributions.tasks import invitation_task

    if not reminder:
        Invitation.objects.filter(pk=invitation.pk).exclude(status=InvitationStatus.ACCEPTED).update(
            status=InvitationStatus.PENDING, last_error=""
        )
    pk = invitation.pk
    transaction.on_commit(lambda: invitation_task.enqueue(pk, reminder), robust=True)


def invitation_deliver(invitation_id: int, *, reminder: bool = False) -> bool:
    """Send an invitation's e-mail now (what the task runs); a failure is recorded on it."""
    invitation = (
        Invitation.objects.select_related("campaign", "organisation").filter(pk=invitation_id).first()
    )
    if invitation is None:
        return False
    now = timezone.now()
    try:
        emails.invitation_message(invitation, link=invitation_url(invitation), reminder=reminder).send()
    except Exception as error:  # SMTP refusals, bad addresses, a server down: shown to the analysts
        logger.warning("Invitation n° %s non envoyée : %s", invitation.pk, error)
        message = str(error) or error.__class__.__name__
        updates = {"last_error": message[:2000]}
        if invitation.status != InvitationStatus.ACCEPTED:
            updates["status"] = InvitationStatus.FAILED
        Invitation.objects.filter(pk=invitation.pk).update(**updates)
        return False
    updates = {"last_error": ""}
    if reminder:
        updates["reminded_at"] = now
    else:
        updates["sent_at"] = now
    if invitation.status != InvitationStatus.ACCEPTED:
        updates["status"] = InvitationStatus.SENT
    Invitation.objects.filter(pk=invitation.pk).update(**updates)
    return True


# --- Reminders -------------------------------------------------------------------------------


def reminders_due(today: dt.date, days: Sequence[int] = REMINDER_DAYS) -> list[Invitation]:
    """Invitations to remind today: their campaign closes in one of `days` days, their
    organisation has submitted nothing to it, and they were not reminded today already."""
    closing = [today + dt.timedelta(days=count) for count in days]
    candidates = (
        Invitation.objects.filter(
            campaign__kind=CampaignKind.INVITATION,
            campaign__closes_on__in=closing,
            campaign__opens_on__lte=today,
            status__in=[InvitationStatus.SENT, InvitationStatus.ACCEPTED],
        )
        .select_related("campaign")
        .order_by("pk")
    )
    answered = set(
        Contribution.objects.filter(campaign__closes_on__in=closing, organisation__isnull=False)
        .exclude(status=ContributionStatus.DRAFT)
        .values_list("campaign_id", "organisation_id")
    )
    due = []
    for invitation in candidates:
        if (invitation.campaign_id, invitation.organisation_id) in answered:
            continue
        if invitation.reminded_at and timezone.localtime(invitation.reminded_at).date() == today:
            continue
        due.append(invitation)
    return due


def reminders_send(today: dt.date | None = None, days: Sequence[int] = REMINDER_DAYS) -> int:
    """Queue today's reminders (what `essaim send_reminders` runs); returns how many."""
    today = today or timezone.localdate()
    due = reminders_due(today, days)
    with transaction.atomic():
        # Marked at queueing time, so that a second run the same day sends nothing again.
        Invitation.objects.filter(pk__in=[invitation.pk for invitation in due]).update(
            reminded_at=timezone.now()
        )
        for invitation in due:
            invitation_send(invitation, reminder=True)
    return len(due)


# --- Accounts of invited people --------------------------------------------------------------


def account_of(invitation: Invitation):
    """The existing account of the invited address, if any (username or e-mail, ignoring case)."""
    return (
        User.objects.filter(username__iexact=invitation.email).first()
        or User.objects.filter(email__iexact=invitation.email).order_by("pk").first()
    )


@transaction.atomic
def account_create(invitation: Invitation, *, first_name: str, last_name: str, password: str):
    """Create the invited person's contributor account (username = address) in the invitation's
    organisation, and record the invitation as taken. The password is validated by the form."""
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        role=Role.CONTRIBUTOR,
        organisation=invitation.organisation,
    )
    user.set_password(password)
    user.save()
    invitation_accept(invitation, user)
    return user
