from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sigap.notifications import actions
from sigap.notifications.models import Notification


def inbox(request):
    notes = Notification.objects.for_user(request.user)[:100]
    return render(request, "notifications/inbox.html", {"notes": notes})


@require_POST
def open_notification(request, pk):
    note = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    actions.notification_read(user=request.user, notification_id=note.pk)
    safe = url_has_allowed_host_and_scheme(note.link, allowed_hosts={request.get_host()})
    return redirect(note.link if safe else "notifications:inbox")


@require_POST
def read_all(request):
    actions.notifications_read_all(user=request.user)
    return redirect("notifications:inbox")
