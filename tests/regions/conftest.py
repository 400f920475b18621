from pathlib import Path

import pytest

from sigap.regions import search

# ../shared/data beside the repository: reference files that are never copied into it.
SHARED_DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
BOUNDARIES = SHARED_DATA / "boundaries"


@pytest.fixture(autouse=True)
def fresh_search_index():
    """Each test sees its own database's areas, not an index built from an earlier test's."""
    search.invalidate()
    yield
    search.invalidate()


@pytest.fixture
def boundaries_dir():
    if not BOUNDARIES.is_dir():
        pytest.skip(f"boundary files not found at {BOUNDARIES.resolve()} (shared/data is absent)")
    return BOUNDARIES
