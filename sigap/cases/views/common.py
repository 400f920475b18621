"""Helpers the page modules share: running an action from a posted form, and response headers
for pages that show secrets or personal data."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from sigap.cases.actions import ActionError


def private(response):
    """Never cached, never leaking the address in a Referer: for receipt codes and records."""
    response["Cache-Control"] = "no-store, max-age=0"
    response["Referrer-Policy"] = "no-referrer"
    return response


def form_errors(form) -> str:
    parts = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
    return " ".join(parts)


def run_posted(request, form, run, success: str, back: str):
    """Validate ``form``, call ``run(cleaned_data)``; say what went wrong or right; go back."""
    if not form.is_valid():
        messages.error(request, _("Nothing was saved. %(errors)s") % {"errors": form_errors(form)})
        return redirect(back)
    try:
        run(form.cleaned_data)
    except ActionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(back)
