"""The HTTP API under /api/v1/: thin adapters over the domain functions the pages use.

Nothing imports this package; access decisions stay in ``sigap.people.access``.
"""
