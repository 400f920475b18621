"""Fixtures for the screening engine. Pure Python: no database, no Django settings needed."""

from datetime import date

import pytest

from sigap.screening import Screener
from sigap.screening.registry import SAMPLE_REGISTRY, Registry


@pytest.fixture(scope="session")
def registry():
    return Registry.load(SAMPLE_REGISTRY)


@pytest.fixture(scope="session")
def rules_screener(registry):
    """Rules only, fixed date: what the ruleset alone says, independent of the model file."""
    return Screener(registry=registry, today=date(2026, 6, 1))
