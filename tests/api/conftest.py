import pytest

from sigap.people.tokens import token_create


@pytest.fixture
def bearer(areas):
    """``bearer(user)``: request headers carrying a fresh personal API token of that user."""

    def make(user, **token_fields):
        _token, raw = token_create(user=user, name="uji", **token_fields)
        return {"Authorization": f"Bearer {raw}"}

    return make


@pytest.fixture
def api_get(client):
    """``api_get(path, headers)``: GET under /api/v1/, answering (status, JSON)."""

    def get(path, headers=None, **params):
        response = client.get(f"/api/v1/{path}", params, headers=headers or {})
        assert response["Content-Type"].startswith("application/json"), response.content[:200]
        return response.status_code, response.json()

    return get
