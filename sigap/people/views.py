"""Pages for signing in, one's own account, and managing people and organisations.

Each view: parse → authorise (access / visibility) → one action or query → render.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from sigap.people import access, actions, signin, tokens, twofactor, visibility
from sigap.people.audit import (
    audit_csv_rows,
    audit_personal_read,
    audit_record,
    filter_audit,
    labelled,
)
from sigap.people.forms import (
    AuditFilterForm,
    CodeForm,
    LoginForm,
    MembershipForm,
    OrganisationForm,
    ProfileForm,
    TokenForm,
    UserCreateForm,
)
from sigap.people.middleware import two_factor_exempt
from sigap.people.models import ApiToken

PAGE_SIZE = 50


def _next_url(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)


def _with_language(response, user):
    """Apply the user's language preference from now on (LocaleMiddleware reads the cookie)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        user.language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _second_factor_url(request, user) -> str:
    name = "people:2fa_verify" if user.has_totp else "people:2fa_enrol"
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


# Sign-in -------------------------------------------------------------------------------------


@login_not_required
@two_factor_exempt
@sensitive_post_parameters("password")
@never_cache
def login(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, error = signin.password_step(
            request, form.cleaned_data["username"], form.cleaned_data["password"]
        )
        if user is not None:
            needs_code = signin.start_session(request, user)
            target = _second_factor_url(request, user) if needs_code else _next_url(request)
            return _with_language(redirect(target), user)
        form.add_error(None, error)
    return render(request, "people/login.html", {"form": form, "next": _next_url(request)})


@login_not_required
@two_factor_exempt
@require_POST
def logout(request):
    signin.end_session(request)
    messages.success(request, _("You have signed out."))
    response = redirect("people:login")
    # On a shared phone the next person sees nothing of this one's: the browser empties the
    # site's caches and storage (outbox, kept pages), and outbox.js does the same on the next
    # page where a browser ignores the header.
    response["Clear-Site-Data"] = '"cache", "storage"'
    response.set_cookie(
        "sigap_signed_out", "1", max_age=300, samesite="Lax", secure=request.is_secure()
    )
    return response


@two_factor_exempt
@sensitive_post_parameters("code")
@never_cache
def verify(request):
    if not request.user.has_totp:
        return redirect(_second_factor_url(request, request.user))
    if twofactor.has_passed(request):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        passed, error = signin.second_factor_step(request, form.cleaned_data["code"])
        if passed:
            return redirect(_next_url(request))
        if not request.user.is_authenticated:  # locked out: back to the start
            messages.error(request, error)
            return redirect("people:login")
        form.add_error("code", error)
    return render(request, "people/verify.html", {"form": form, "next": _next_url(request)})


@two_factor_exempt
@sensitive_post_parameters("code")
@never_cache
def enrol(request):
    user = request.user
    # Replacing a working authenticator needs that authenticator first.
    if user.has_totp and not twofactor.has_passed(request):
        return redirect(_second_factor_url(request, user))
    secret = request.session.setdefault(twofactor.PENDING_SECRET_KEY, twofactor.new_secret())
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.enrol_confirm(user, secret, form.cleaned_data["code"])
        if codes is not None:
            if not twofactor.has_passed(request):
                signin.complete(request, user, method="totp_enrol")
            twofactor.mark_passed(request, user)
            return render(
                request, "people/backup_codes.html", {"codes": codes, "next": _next_url(request)}
            )
        form.add_error("code", signin.wrong_code_message())
    return render(
        request,
        "people/enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "secret": twofactor.grouped(secret),
            "qr": twofactor.qr_svg(twofactor.provisioning_uri(user, secret)),
        },
    )


@never_cache
def backup_codes(request):
    if not request.user.has_totp:
        return redirect("people:2fa_enrol")
    if request.method == "POST":
        codes = twofactor.backup_codes_regenerate(request.user)
        return render(
            request, "people/backup_codes.html", {"codes": codes, "next": reverse("people:account")}
        )
    return render(
        request, "people/backup_codes.html", {"left": twofactor.backup_codes_left(request.user)}
    )


# One's own account ---------------------------------------------------------------------------


def _account_page(request, **forms):
    user = request.user
    context = {
        "profile_form": ProfileForm(instance=user),
        "password_form": PasswordChangeForm(user),
        "token_form": TokenForm(),
        "tokens": ApiToken.objects.filter(user=user),
        "backup_left": twofactor.backup_codes_left(user) if user.has_totp else 0,
        "memberships": access.active_memberships(user),
        "needs_two_factor": twofactor.required_for(user),
    } | forms
    return render(
        request,
        "people/account.html",
        context,
        status=400 if any(f.errors for f in forms.values() if hasattr(f, "errors")) else 200,
    )


def account(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        actions.profile_update(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return _with_language(redirect("people:account"), request.user)
    return _account_page(request, profile_form=form)


@require_POST
@sensitive_post_parameters()
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST)
    if not form.is_valid():
        return _account_page(request, password_form=form)
    actions.password_change(user=request.user, password=form.cleaned_data["new_password1"])
    update_session_auth_hash(request, request.user)  # keeps this session (and its 2FA mark)
    messages.success(request, _("Your password has been changed."))
    return redirect("people:account")


@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _account_page(request, token_form=form)
    days = form.cleaned_data["expires_in"]
    expires_at = timezone.now() + timedelta(days=int(days)) if days else None
    token, raw = tokens.token_create(
        user=request.user, name=form.cleaned_data["name"], expires_at=expires_at
    )
    return _account_page(request, new_token=raw, new_token_obj=token)


@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    tokens.token_revoke(user=request.user, token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("people:account")


# People and organisations (coordinators, administrators) -------------------------------------


def _require(user, permission: str) -> None:
    """No scope at all: the same 404 as a missing page."""
    if not access.can(user, permission):
        raise Http404("no access")


def users(request):
    _require(request.user, "people.view")
    query = request.GET.get("q", "").strip()
    people = visibility.users_visible_to(request.user)
    if query:
        people = (
            people.filter(username__icontains=query)
            | people.filter(first_name__icontains=query)
            | people.filter(last_name__icontains=query)
        )
    page = Paginator(people.order_by("username"), PAGE_SIZE).get_page(request.GET.get("page"))
    scoped = (
        visibility.memberships_visible_to(request.user)
        .select_related("organisation", "area")
        .filter(user__in=[u.pk for u in page])
    )
    by_user: dict[int, list] = {}
    for membership in scoped:
        by_user.setdefault(membership.user_id, []).append(membership)
    rows = [(user, by_user.get(user.pk, [])) for user in page]
    return render(
        request,
        "people/users.html",
        {
            "page": page,
            "rows": rows,
            "q": query,
            "today": timezone.localdate(),
            "can_manage": access.can(request.user, "people.manage"),
        },
    )


def user_create(request):
    _require(request.user, "people.manage")
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        user, password = actions.user_create(actor=request.user, **form.cleaned_data)
        return render(request, "people/user_created.html", {"person": user, "password": password})
    return render(request, "people/user_form.html", {"form": form}, status=_status(form))


def user_detail(request, pk):
    person = visibility.access_user(request.user, pk)
    audit_personal_read(actor=request.user, obj=person, reason="user")
    memberships = (
        visibility.memberships_visible_to(request.user)
        .filter(user=person)
        .select_related("organisation", "area")
    )
    form = MembershipForm(actor=request.user) if access.can(request.user, "people.manage") else None
    return render(
        request,
        "people/user_detail.html",
        {"person": person, "memberships": memberships, "form": form},
    )


@require_POST
def membership_create(request, pk):
    _require(request.user, "people.manage")
    person = visibility.access_user(request.user, pk)
    form = MembershipForm(request.POST, actor=request.user)
    if form.is_valid():
        actions.membership_grant(actor=request.user, user=person, **form.cleaned_data)
        messages.success(request, _("The role has been granted."))
        return redirect("people:user", pk=person.pk)
    memberships = visibility.memberships_visible_to(request.user).filter(user=person)
    return render(
        request,
        "people/user_detail.html",
        {"person": person, "memberships": memberships, "form": form},
        status=400,
    )


@require_POST
def membership_end(request, pk):
    membership = visibility.access_membership(request.user, pk)
    _refuse_as_missing(
        actions.membership_revoke,
        actor=request.user,
        membership=membership,
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("The role has been ended."))
    return redirect("people:user", pk=membership.user_id)


@require_POST
def user_deactivate(request, pk):
    person = visibility.access_user(request.user, pk)
    _refuse_as_missing(
        actions.user_deactivate,
        actor=request.user,
        user=person,
        reason=request.POST.get("reason", ""),
    )
    messages.success(request, _("The account has been deactivated: it can no longer sign in."))
    return redirect("people:user", pk=person.pk)


def organisations(request):
    _require(request.user, "people.view")
    query = request.GET.get("q", "").strip()
    orgs = visibility.organisations_visible_to(request.user)
    if query:
        orgs = orgs.filter(name__icontains=query)
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/organisations.html",
        {"page": page, "q": query, "can_manage": access.can(request.user, "people.manage")},
    )


def organisation_create(request):
    _require(request.user, "people.manage")
    form = OrganisationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "is_active"}
        organisation = actions.organisation_create(actor=request.user, **data)
        messages.success(
            request, _("The organisation %(name)s has been created.") % {"name": organisation.name}
        )
        return redirect("people:organisations")
    return render(request, "people/organisation_form.html", {"form": form}, status=_status(form))


def organisation_edit(request, pk):
    organisation = visibility.access_organisation(request.user, pk)
    form = OrganisationForm(request.POST or None, actor=request.user, instance=organisation)
    if request.method == "POST" and form.is_valid():
        actions.organisation_update(
            actor=request.user, organisation=organisation, **form.cleaned_data
        )
        messages.success(request, _("The organisation has been saved."))
        return redirect("people:organisations")
    return render(
        request,
        "people/organisation_form.html",
        {"form": form, "organisation": organisation},
        status=_status(form),
    )


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _refuse_as_missing(action, **kwargs):
    """An action that refuses (e.g. ending an administrator's role) looks like a missing page."""
    try:
        return action(**kwargs)
    except PermissionDenied:
        raise Http404("not allowed")


# Audit log -----------------------------------------------------------------------------------


def _audit_events(request):
    """The audit rows the user may see, narrowed by the filter form."""
    events = visibility.audit_visible_to(request.user).select_related("actor")
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        events = filter_audit(events, form.cleaned_data)
    return form, events


def audit_log(request):
    form, events = _audit_events(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": labelled(page), "query": query.urlencode()}
    return render(request, "people/audit.html", context)


def audit_csv(request):
    form, events = _audit_events(request)
    audit_record(
        actor=request.user,
        action="audit.export",
        detail={"filters": sorted(k for k, v in form.data.items() if v)},
    )
    response = StreamingHttpResponse(audit_csv_rows(events), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="sigap-audit.csv"'
    return response
