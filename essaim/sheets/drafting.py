"""The first draft of a fiche action, written from what Essaim already knows.

Sources of the draft: the initiative's own fields (summary, description, means, results, partners,
territory, publics), its sources, and the experts' submitted assessments (their comment on each
criterion lands in the section that criterion speaks to). The draft is marked « Brouillon généré
automatiquement — à relire » until a person edits it. Personal contacts are never copied: the
« Contacts » section names the lead actor and leaves the person to be added with their consent.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import date_format, number_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from essaim.catalog.models import Initiative
from essaim.review.models import AssessmentStatus, Score
from essaim.review.models import TransferType as Transfer
from essaim.sheets.sanitize import html_clean
from essaim.sheets.sections import SECTION_CODES

# Which section an expert's comment on a criterion of the default grid informs.
CRITERION_SECTIONS: dict[str, str] = {
    "nouveaute": "contexte",
    "valeur_crise": "contexte",
    "plus_vulnerables": "publics",
    "participation": "publics",
    "partenariat": "moyens",
    "efficacite": "impact_social",
    "efficience_cout": "impact_financier",
    "perennite": "perennisation",
    "transferabilite": "essaimage",
}
STRONG_POINT = 4  # mean score from which a criterion is offered as a strength
WEAK_POINT = 2  # mean score up to which it is offered as a limit
TO_WRITE = "<p><em>À rédiger.</em></p>"


@dataclass(frozen=True)
class ExpertNote:
    """An expert's submitted score and comment on one criterion (the expert is not named)."""

    code: str
    label: str
    is_gate: bool
    value: int | None
    comment: str


def _paragraphs(text: str) -> str:
    """Plain text typed in a form, as paragraphs (blank lines separate them)."""
    chunks = [chunk.strip() for chunk in (text or "").replace("\r\n", "\n").split("\n\n")]
    # Each chunk is escaped by format_html before its line breaks become <br>.
    return mark_safe(  # noqa: S308
        "".join(format_html("<p>{}</p>", chunk).replace("\n", "<br>") for chunk in chunks if chunk)
    )


def _items(values: Iterable[str]) -> str:
    values = [value for value in values if value]
    if not values:
        return ""
    return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((value,) for value in values)))


def _opinions(notes: list[ExpertNote]) -> str:
    """The experts' comments, quoted, each with the criterion it answers (identical ones once)."""
    seen = dict.fromkeys((note.label, note.comment.strip()) for note in notes if note.comment.strip())
    return mark_safe(  # noqa: S308 -- every piece escaped by format_html
        "".join(
            format_html("<blockquote><p><em>Avis d'expert — {}</em> : {}</p></blockquote>", label, comment)
            for label, comment in seen
        )
    )


def _euros(value) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True) + " €"


def expert_notes(initiative: Initiative) -> tuple[list[ExpertNote], list[str], list[str]]:
    """The submitted scores on this initiative, the experts' general comments and transfer types."""
    scores = (
        Score.objects.filter(
            assessment__entry__initiative=initiative, assessment__status=AssessmentStatus.SUBMITTED
        )
        .select_related("criterion", "assessment")
        .order_by("criterion__position", "assessment__pk")
    )
    notes, general, transfers = [], [], []
    seen: set[int] = set()
    for score in scores:
        notes.append(
            ExpertNote(
                code=score.criterion.code,
                label=score.criterion.label,
                is_gate=score.criterion.is_gate,
                value=score.value,
                comment=score.comment,
            )
        )
        assessment = score.assessment
        if assessment.pk not in seen:
            seen.add(assessment.pk)
            if assessment.comment.strip():
                general.append(assessment.comment.strip())
            if assessment.transfer_type:
                transfers.append(Transfer(assessment.transfer_type).label)
    return notes, general, transfers


def _with_mean(label: str, mean: float) -> str:
    figure = number_format(mean, decimal_pos=1, use_l10n=True)
    return f"{label} (note moyenne des experts : {figure} sur 5)"


def _means(notes: list[ExpertNote]) -> dict[tuple[str, str], float]:
    values: dict[tuple[str, str], list[int]] = defaultdict(list)
    for note in notes:
        if not note.is_gate and note.value is not None:
            values[(note.code, note.label)].append(note.value)
    return {key: sum(found) / len(found) for key, found in values.items()}


def draft_sections(initiative: Initiative) -> dict[str, str]:
    """Every section of the fiche as sanitised HTML, drafted from the initiative and its assessments."""
    notes, general, transfers = expert_notes(initiative)
    by_section: dict[str, list[ExpertNote]] = defaultdict(list)
    for note in notes:
        if note.code in CRITERION_SECTIONS:
            by_section[CRITERION_SECTIONS[note.code]].append(note)
    means = _means(notes)
    territory = initiative.territory
    lead = initiative.lead_actor
    partners = [actor.name for actor in initiative.partners.all()]
    sections: dict[str, str] = {}

    context = format_html("<p>Territoire : {}.</p>", str(territory))
    if initiative.start_date:
        context += format_html(
            "<p>Mise en place à partir du {}. Période : {}.</p>",
            date_format(initiative.start_date, "j F Y"),
            initiative.get_crisis_period_display().lower(),
        )
    themes = [link.theme.label for link in initiative.theme_links.select_related("theme")]
    if themes:
        context += format_html("<p>Thématiques : {}.</p>", ", ".join(themes))
    sections["contexte"] = context + _opinions(by_section["contexte"])
    sections["objectifs"] = _paragraphs(initiative.summary)
    sections["publics"] = _items(public.label for public in initiative.publics.all()) + _opinions(
        by_section["publics"]
    )
    sections["modalites"] = _paragraphs(initiative.description)

    means_html = ""
    if lead is not None:
        means_html += format_html("<p>Porteur : {}.</p>", lead.name)
    if partners:
        means_html += format_html("<p>Partenaires :</p>{}", _items(partners))
    if initiative.staff:
        means_html += format_html("<p>Moyens humains :</p>{}", _paragraphs(initiative.staff))
    sections["moyens"] = means_html + _opinions(by_section["moyens"])

    sections["impact_social"] = _paragraphs(initiative.results) + _opinions(by_section["impact_social"])
    costs = ""
    if initiative.budget is not None:
        costs += format_html("<p>Budget : {}.</p>", _euros(initiative.budget))
    if initiative.funding:
        costs += format_html("<p>Financements :</p>{}", _paragraphs(initiative.funding))
    sections["impact_financier"] = costs + _opinions(by_section["impact_financier"])

    sections["points_forts"] = _items(
        _with_mean(label, mean) for (_, label), mean in means.items() if mean >= STRONG_POINT
    )
    sections["limites"] = _items(
        _with_mean(label, mean) for (_, label), mean in means.items() if mean <= WEAK_POINT
    )
    sections["enseignements"] = "".join(
        format_html("<blockquote><p><em>Appréciation d'expert</em> : {}</p></blockquote>", text)
        for text in general
    )
    sections["perennisation"] = _opinions(by_section["perennisation"])
    essaimage = ""
    if transfers:
        essaimage = format_html(
            "<p>Type de transfert proposé par les experts : {}.</p>", " ; ".join(sorted(set(transfers)))
        )
    sections["essaimage"] = essaimage + _opinions(by_section["essaimage"])
    sections["recommandations"] = ""

    contacts = ""
    if lead is not None:
        contacts = format_html("<p>{} — {}.</p>", lead.name, str(territory))
    sections["contacts"] = contacts + (
        "<p><em>Coordonnées de la personne à contacter à ajouter avec son accord "
        "(elles ne sont jamais reprises automatiquement).</em></p>"
    )
    sections["sources"] = _sources(initiative)
    return {code: html_clean(sections.get(code) or TO_WRITE) for code in SECTION_CODES}


def _sources(initiative: Initiative) -> str:
    """The initiative's sources and links; a source's private text is never copied."""
    lines = []
    for source in initiative.sources.all():
        label = source.title or str(source)
        details = [str(source.publisher)] if source.publisher and source.publisher != label else []
        if source.published_on:
            details.append(date_format(source.published_on, "j F Y"))
        text = escape(label) + (escape(f" ({', '.join(details)})") if details else "")
        if source.url:
            text = format_html('<a href="{}">{}</a>', source.url, text)
        lines.append(text)
    for link in initiative.links.all():
        lines.append(format_html('<a href="{}">{}</a>', link.url, link.label or link.url))
    if not lines:
        return ""
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
