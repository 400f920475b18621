"""The engine's steps, each either its pure-Python function or that function's C accelerator.

The accelerators (``sigap/screening/native/*.c``, built by ``make install`` with the machine's C
compiler) are exact equivalents of the Python functions named below: same values, same spans,
same order, for every input (``tests/screening/test_native_*.py`` compare them on thousands of
posts and on generated text). Where a module was not built (no compiler) or
``SIGAP_SCREENING_NATIVE=0`` is set, the Python function is used, so the engine gives the same
results everywhere and is only slower.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from types import ModuleType

from . import entities as ent
from .normalize import Normalized
from .normalize import normalize as py_normalize
from .rules import Ruleset

NATIVE_MODULES = ("_cnormalize", "_cmatch", "_cmoney", "_caccounts", "_cobjects", "_cpipeline")


def native_enabled() -> bool:
    return os.environ.get("SIGAP_SCREENING_NATIVE", "1").strip().lower() not in ("0", "false", "no")


def native_module(name: str) -> ModuleType | None:
    """The accelerator module ``name``, or None when it is not built or is switched off."""
    if not native_enabled():
        return None
    try:
        return importlib.import_module(f"sigap.screening.{name}")
    except ImportError:
        return None


def native_status() -> dict[str, bool]:
    """Which accelerators this process uses (shown by ``sigap screen --version`` and the bench)."""
    return {name: native_module(name) is not None for name in NATIVE_MODULES}


def maker(cls: type, names: tuple[str, ...] | None = None) -> Callable:
    """A positional constructor for the slots class ``cls`` that sets exactly ``names`` (by
    default its dataclass fields, all of which must then be given): ``_cobjects.Maker`` where
    built, which fills the slots directly, else the same in Python."""
    if names is None:
        names = tuple(f.name for f in fields(cls))
    native = native_module("_cobjects")
    if native is not None:
        return native.Maker(cls, names)
    setters = tuple(getattr(cls, name).__set__ for name in names)
    new = object.__new__

    def make(*values):
        if len(values) != len(setters):
            raise TypeError(f"{cls.__name__} maker takes {len(setters)} values")
        obj = new(cls)
        for set_slot, value in zip(setters, values, strict=True):
            set_slot(obj, value)
        return obj

    return make


@dataclass(frozen=True, slots=True)
class Steps:
    """The functions one Screener calls for each post, bound to its ruleset."""

    normalize: Callable
    match: Callable
    phones: Callable
    accounts: Callable
    money: Callable
    destinations: Callable
    ages: Callable
    licences: Callable
    companies: Callable
    span: Callable  # Normalized.span(norm, start, end)
    native: tuple[str, ...]  # the accelerators in use

    @classmethod
    def build(cls, ruleset: Ruleset, native: bool = True) -> Steps:
        def mod(name: str) -> ModuleType | None:
            return native_module(name) if native else None

        cnorm, cmatch, cmoney, cacc = (mod(n) for n in NATIVE_MODULES[:4])
        steps = {
            "normalize": cnorm.normalize if cnorm else py_normalize,
            "match": cmatch.Matcher(ruleset).match if cmatch else ruleset.match,
            "phones": cmoney.phones if cmoney else ent.phones,
            "span": cmoney.span if cmoney else Normalized.span,
            "money": cmoney.money if cmoney else ent.money,
            "accounts": cacc.accounts if cacc else ent.accounts,
            "ages": cacc.ages if cacc else ent.ages,
            "licences": cacc.licences if cacc else ent.licences,
            "companies": cacc.companies if cacc else ent.companies,
        }
        if cacc is not None:
            steps["destinations"] = cacc.Places(ruleset).find
        else:
            steps["destinations"] = lambda norm: ent.destinations(norm, ruleset)
        step_modules = (cnorm, cmatch, cmoney, cacc)
        used = tuple(n for n, m in zip(NATIVE_MODULES[:4], step_modules, strict=True) if m)
        return cls(native=used, **steps)
