"""The API's plain Django views: the endpoint list page and the JSON answer to unknown paths."""

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse

from sigap.api import errors
from sigap.api.main import api


def docs(request):
    schema = api.get_openapi_schema()
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "description": op.get("description", ""),
            "parameters": op.get("parameters", []),
        }
        for path, methods in schema["paths"].items()
        for method, op in methods.items()
    ]
    return render(
        request,
        "api/docs.html",
        {
            "operations": operations,
            "openapi_url": reverse("api:openapi-json"),
        },
    )


def root(request):
    return JsonResponse({"docs": reverse("api-docs"), "openapi": reverse("api:openapi-json")})


def not_found(request, *args, **kwargs):
    return errors.error_response(404, errors.not_found_detail())
