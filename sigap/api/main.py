"""The one NinjaAPI instance: authentication, error handlers and the routers of each app."""

from ninja import NinjaAPI

from sigap.api import areas, cases, errors, me
from sigap.api.auth import api_auth

# Ninja's own docs page loads Swagger UI from a CDN, which the content policy and the no-CDN
# rule forbid; /api/v1/docs (sigap.api.views) lists the endpoints from the schema instead.
api = NinjaAPI(
    title="SIGAP API",
    version="1",
    urls_namespace="api",
    auth=api_auth,
    docs_url=None,
    openapi_url="/openapi.json",
    description="SIGAP: community-based prevention and handling of human "
    "trafficking. See /api/v1/docs.",
)
errors.register(api)
api.add_router("", me.router)
api.add_router("", areas.router)
api.add_router("", cases.router)
api.add_router("", "sigap.api.programme.router")
api.add_router("", "sigap.api.screening.router")
api.add_router("", "sigap.api.tasks.router")
