"""Builds the screening engine's optional C accelerators (sigap/screening/native/*.c).

Everything else is declared in pyproject.toml. Each accelerator is an exact, faster equivalent
of a pure-Python function in sigap.screening; when a module cannot be built (no C compiler),
the engine runs on the Python code alone and gives the same results.

    python setup.py build_ext --inplace          # all accelerators, next to the sources
    SIGAP_NATIVE_ONLY=_cmatch python setup.py build_ext --inplace   # one of them

`make install` builds them in place this way (SIGAP_NATIVE_SKIP=1 keeps the editable install
from building them a second time); `pip install .` builds them into the wheel.
"""

import os
from pathlib import Path

from setuptools import Extension, setup

NATIVE = Path("sigap/screening/native")
MODULES = {
    "_cnormalize": ["normalize.c"],
    "_cmatch": ["match.c"],
    "_cmoney": ["money.c"],
    "_caccounts": ["accounts.c"],
    "_cobjects": ["objects.c"],
    "_cpipeline": ["pipeline.c"],
}
ONLY = {m for m in os.environ.get("SIGAP_NATIVE_ONLY", "").split(",") if m}

extensions = [
    Extension(
        f"sigap.screening.{name}",
        [str(NATIVE / source) for source in sources],
        depends=[str(header) for header in NATIVE.glob("*.h")],
        extra_compile_args=["-O2", "-std=c11", "-Wall", "-Wno-unused-function"],
        optional=os.environ.get("SIGAP_NATIVE_REQUIRED") != "1",
    )
    for name, sources in MODULES.items()
    if (not ONLY or name in ONLY) and all((NATIVE / s).exists() for s in sources)
]
if os.environ.get("SIGAP_NATIVE_SKIP") == "1":  # `make install` builds them in place instead
    extensions = []

setup(ext_modules=extensions)
