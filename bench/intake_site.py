"""Settings for bench/intake.py only: the product's settings with a bench URLconf (a bare view
beside the product's URLs) and room in the rate limit for the load. Never used by the product."""

from sigap.settings import *  # noqa: F403

ROOT_URLCONF = "bench.intake_urls"
# The bench posts from one address; the limiter still runs, with room for the load.
SIGAP_RATE_LIMITS = {"report": (10_000_000, 3600)}
