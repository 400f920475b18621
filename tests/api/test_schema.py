"""The OpenAPI schema and the endpoint list page that stands in for Swagger UI."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_endpoints(client, areas):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {
        "title": "SIGAP API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/me", "/api/v1/areas", "/api/v1/areas/search", "/api/v1/areas/{code}"} <= set(
        schema["paths"]
    )
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_docs_page_lists_the_endpoints_without_any_cdn(client, areas):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dokumentasi API" in html
    assert "GET /api/v1/areas/{code}" in html
    assert "Wilayah yang dapat Anda lihat" in html
    # Nothing is loaded from elsewhere (a random CSRF token may well contain "cdn").
    assert not re.search(r'(src|href)="(https?:)?//', html), "an asset from another site"
    assert "swagger" not in html.lower()
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_docs_page_in_english(client, areas):
    html = client.get("/api/v1/docs", headers={"Accept-Language": "en"}).content.decode()
    assert "API documentation" in html
    assert "Areas you can see" in html


def test_api_root_points_to_the_docs(client, areas):
    assert client.get("/api/v1/").json() == {
        "docs": "/api/v1/docs",
        "openapi": "/api/v1/openapi.json",
    }
