"""URLs for bench/intake.py: the product plus one bare view that writes one row, the baseline
the anonymous intake is compared with."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.http import require_POST


@login_not_required
@require_POST
def bare(request):
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_row (body, created_at) VALUES (%s, %s)",
            [request.POST.get("what", "")[:5000], timezone.now().isoformat()],
        )
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("sigap.urls"))]
