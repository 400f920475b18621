"""The community: the member registry, outreach, and an ambassador's or relawan's own page."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from sigap.people import access
from sigap.people.audit import audit_personal_read
from sigap.programme import actions, charts, exports, forms, stats, uploads, visibility
from sigap.programme.models import Member, Outreach, Submission
from sigap.programme.views import outbox, stored
from sigap.programme.views.common import form_page, my_areas
from sigap.regions.models import Level


def members(request, pk):
    programme = visibility.access_programme(request.user, pk)
    rows = visibility.members_visible_to(request.user).filter(programme=programme)
    audit_personal_read(actor=request.user, obj=programme, reason="member registry")
    return render(
        request,
        "programme/members.html",
        {
            "programme": programme,
            "members": rows.select_related("area"),
            "manage": visibility.can_manage(request.user, programme.area_id),
        },
    )


def member_add(request, pk):
    programme = visibility.access_programme(request.user, pk, manage=True)
    form = forms.MemberForm(request.POST or None, actor=request.user)

    def save(data):
        member, password = actions.member_register(actor=request.user, programme=programme, **data)
        if password:
            return render(
                request,
                "programme/account_created.html",
                {"member": member, "password": password},
            )
        return redirect("programme:members", pk)

    return form_page(
        request,
        form,
        save,
        title=_("Add a community member"),
        submit=_("Save"),
        back=reverse("programme:members", args=[pk]),
    )


def member_edit(request, pk):
    member = visibility.members_visible_to(request.user).filter(pk=pk).first()
    if member is None or not visibility.can_manage(request.user, member.area_id):
        raise Http404
    form = forms.MemberUpdateForm(request.POST or None, instance=member)
    audit_personal_read(actor=request.user, obj=member, reason="member")

    def save(data):
        actions.member_update(actor=request.user, member=member, **data)
        return redirect("programme:members", member.programme_id)

    return form_page(
        request,
        form,
        save,
        title=member.name,
        submit=_("Save"),
        back=reverse("programme:members", args=[member.programme_id]),
    )


def outreach_log(request, pk):
    programme = visibility.access_programme(request.user, pk)
    areas = my_areas(request.user, programme, "programme.participate")
    if not areas:
        raise Http404
    form = forms.OutreachForm(request.POST or None, request.FILES or None, areas=areas)
    title = _("Outreach session in %(area)s") % {"area": areas[0].display_name}
    draft = outbox.Draft(request, Submission.Kind.OUTREACH, title=title)
    thanks = _("Thank you. Your outreach session has been recorded.")

    def action(data):
        area = next(a for a in areas if a.code == data.pop("area"))
        member = Member.objects.active().filter(user=request.user, programme=programme).first()
        return lambda: actions.outreach_log(
            actor=request.user, programme=programme, area=area, member=member, **data
        )

    return _outreach_form(
        request, form, draft, action, title=_("Log an outreach session"), thanks=thanks
    )


def outreach_edit(request, pk):
    item = visibility.outreach_visible_to(request.user).filter(pk=pk).first()
    if item is None or not visibility.can_edit_outreach(request.user, item):
        raise Http404
    form = forms.OutreachForm(
        request.POST or None,
        request.FILES or None,
        areas=[item.area],
        initial=stored.initial(item),
    )
    title = _("Outreach session in %(area)s, %(day)s") % {
        "area": item.area.display_name,
        "day": date_format(item.held_on),
    }
    draft = outbox.Draft(request, Submission.Kind.OUTREACH, title=title, base_version=item.version)
    thanks = _("The outreach session has been updated.")

    def action(data):
        data.pop("area")
        return lambda: actions.outreach_update(
            actor=request.user, outreach=item, base_version=draft.base_version, **data
        )

    return _outreach_form(
        request, form, draft, action, title=_("Edit an outreach session"), thanks=thanks
    )


def _outreach_form(request, form, draft, action, *, title, thanks):
    """The outreach form's page; on a valid form ``action(data)`` gives what ``draft.run``
    runs, then back to the member's own page."""

    def save(data):
        draft.run(
            action(dict(data)), location=lambda _item: reverse("programme:mine"), message=thanks
        )
        messages.success(request, thanks)
        return redirect("programme:mine")

    return form_page(
        request,
        form,
        save,
        title=title,
        submit=_("Save"),
        back=reverse("programme:mine"),
        multipart=True,
        draft=draft,
    )


def reach(request, pk):
    programme = visibility.access_programme(request.user, pk)
    outreach = visibility.outreach_visible_to(request.user).filter(programme=programme)
    return render(
        request,
        "programme/reach.html",
        {
            "programme": programme,
            "chart": _reach_chart(outreach),
            "totals": stats.reach_totals(outreach),
            "kecamatan": stats.reach_by_area(outreach, Level.DISTRICT),
            "kelurahan": stats.reach_by_area(outreach, Level.VILLAGE),
            "members": stats.reach_by_member(outreach),
            "recent": outreach.select_related("area", "member")[:20],
        },
    )


def _reach_chart(outreach):
    months = stats.last_months(timezone.localdate())
    sessions, people = stats.outreach_by_month(outreach, months)
    return charts.bars(
        [date_format(m, "M y") for m in months],
        [charts.Series(_("sessions"), sessions, "s1"), charts.Series(_("people"), people, "s2")],
        title=_("Outreach sessions and people reached per month"),
    )


def reach_export(request, pk, fmt):
    programme = visibility.access_programme(request.user, pk)
    outreach = visibility.outreach_visible_to(request.user).filter(programme=programme)
    audit_personal_read(actor=request.user, obj=programme, reason="outreach export")
    header, rows = exports.outreach_table(outreach.select_related("area", "member"))
    return exports.download(header, rows, f"jangkauan-{programme.pk}", fmt, _("Outreach"))


def outreach_photo(request, pk):
    item = visibility.outreach_visible_to(request.user).filter(pk=pk).first()
    if item is None or not item.photo:
        raise Http404
    return uploads.download(item.photo, item.photo_type, f"foto-jangkauan-{item.pk}")


def mine(request):
    user = request.user
    if not access.scopes(user, "programme.participate"):
        raise Http404
    programmes = []
    for programme in visibility.programmes_visible_to(user).select_related("area"):
        areas = my_areas(user, programme, "programme.participate")
        if not areas:
            continue
        programmes.append(
            {
                "programme": programme,
                "areas": areas,
                "can_file": bool(visibility.filing_areas(user, programme))
                and bool(stats.open_periods(programme, timezone.localdate())),
            }
        )
    return render(
        request,
        "programme/mine.html",
        {
            "programmes": programmes,
            "outreach": Outreach.objects.filter(logged_by=user).select_related("area")[:10],
            "reports": visibility.reports_visible_to(user).select_related("area", "programme")[:12],
            "events": visibility.events_visible_to(user).select_related("area")[:10],
        },
    )
