"""A programme's own pages: the list, the programme, its letters, phases, rubric, condition
report questions and coverage."""

from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sigap.people import access
from sigap.programme import actions, forms, stats, uploads, visibility
from sigap.programme.models import Indicator, ReferenceLetter
from sigap.programme.views.common import form_page, record_form
from sigap.regions.maps import svg_map
from sigap.regions.models import Area


def index(request):
    programmes = visibility.programmes_visible_to(request.user).select_related("lead", "area")
    return render(
        request,
        "programme/index.html",
        {
            "programmes": programmes,
            "can_create": bool(access.scopes(request.user, "programme.manage")),
            "is_community": bool(access.scopes(request.user, "programme.participate")),
        },
    )


def programme_create(request):
    if not access.scopes(request.user, "programme.manage"):
        raise Http404
    form = forms.ProgrammeForm(request.POST or None, actor=request.user)

    def save(data):
        programme = actions.programme_create(actor=request.user, **data)
        return redirect("programme:detail", programme.pk)

    return form_page(
        request,
        form,
        save,
        title=_("New programme"),
        submit=_("Create programme"),
        back=reverse("programme:index"),
    )


def programme_detail(request, pk):
    programme = visibility.access_programme(request.user, pk)
    events = visibility.events_visible_to(request.user).filter(programme=programme)
    return render(
        request,
        "programme/programme.html",
        {
            "programme": programme,
            "manage": visibility.can_manage(request.user, programme.area_id),
            "phases": programme.phases.prefetch_related("targets__area"),
            # Explicit: a GROUP BY query ignores the model's default ordering.
            "events": events.select_related("area")
            .annotate(n=Count("participants"))
            .order_by("-starts_on", "-pk"),
            "criteria": programme.criteria.all(),
            "indicators": programme.indicators.all(),
        },
    )


def _programme_form(request, programme, form, action, *, title, multipart=False):
    return record_form(
        request,
        form,
        action,
        record=programme,
        field="programme",
        url_name="programme:detail",
        title=title,
        multipart=multipart,
    )


def _managed(request, pk):
    return visibility.access_programme(request.user, pk, manage=True)


def letter_add(request, pk):
    programme = _managed(request, pk)
    form = forms.LetterForm(request.POST or None, request.FILES or None)
    title = _("Add a reference letter")
    return _programme_form(
        request, programme, form, actions.letter_add, title=title, multipart=True
    )


def letter_download(request, pk):
    letter = ReferenceLetter.objects.filter(pk=pk).exclude(scan="").first()
    if letter is None:
        raise Http404
    visibility.access_programme(request.user, letter.programme_id)
    return uploads.download(letter.scan, letter.scan_type, f"surat-{letter.pk}")


def phase_create(request, pk):
    programme = _managed(request, pk)
    form = forms.PhaseForm(request.POST or None, actor=request.user)
    title = _("Add a rollout phase")
    return _programme_form(request, programme, form, actions.phase_create, title=title)


def criterion_add(request, pk):
    programme = _managed(request, pk)
    form = forms.CriterionForm(request.POST or None)
    title = _("Add a selection criterion")
    return _programme_form(request, programme, form, actions.criterion_add, title=title)


def indicator_add(request, pk):
    programme = _managed(request, pk)
    form = forms.IndicatorForm(request.POST or None)
    title = _("Add a condition report question")
    return _programme_form(request, programme, form, actions.indicator_add, title=title)


def indicator_edit(request, pk):
    indicator = get_object_or_404(Indicator.objects.select_related("programme"), pk=pk)
    programme = visibility.access_programme(request.user, indicator.programme_id, manage=True)
    initial = {"label": indicator.label, "order": indicator.order, "key": indicator.key,
               "kind": indicator.kind}  # fmt: skip
    form = forms.IndicatorEditForm(
        request.POST or None, initial=initial, answered=indicator.values.exists()
    )

    def save(data):
        actions.indicator_update(actor=request.user, indicator=indicator, **data)
        return redirect("programme:detail", programme.pk)

    return form_page(
        request,
        form,
        save,
        title=_("Edit a condition report question"),
        submit=_("Save"),
        back=reverse("programme:detail", args=[programme.pk]),
    )


def coverage(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    phases = stats.coverage(programme, timezone.localdate())
    reached = {row.area.code for phase in phases for row in phase.rows if row.reached}
    codes = [row.area.code for phase in phases for row in phase.rows]
    shapes = (
        Area.objects.filter(code__in=codes)
        .exclude(geometry="")
        .only("code", "name", "level", "geometry")
    )
    return render(
        request,
        "programme/coverage.html",
        {
            "programme": programme,
            "phases": phases,
            "map": svg_map(shapes, reached),
            "activity_definition": stats.ACTIVITY_DEFINITION,
        },
    )
