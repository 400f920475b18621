"""The dependency order of docs/directory-structure.md: a layer imports only the layers below it.

The contracts live in pyproject.toml ([tool.importlinter]) and import-linter checks them over
every form of import (relative ones, ``import a.b``, imports inside functions). What no import
graph sees is checked here: modules imported by name (``importlib.import_module``,
``import_string``, ``__import__``) and Django-based packages in the framework-free code.
"""

import ast
import re
import subprocess
import sys
import tomllib
from functools import cache
from importlib import metadata
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
SIGAP = ROOT / "sigap"
FRAMEWORK_FREE = ("lib", "screening", "warning")
DYNAMIC_IMPORTERS = {"import_module", "import_string", "__import__", "find_spec"}


def test_import_linter_contracts_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


@cache
def layer_of() -> dict[str, int]:
    """App name -> its layer's index, 0 at the top (the shell), from the layers contract."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == "layers")
    layers = {}
    for index, layer in enumerate(contract["layers"]):
        for name in layer.replace(":", "|").split("|"):
            layers[name.strip().strip("()")] = index
    return layers


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1].split(":")[0] if len(parts) > 1 else "sigap"


def python_files():
    return sorted(p for p in SIGAP.rglob("*.py") if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def dynamic_imports(path: Path) -> list[tuple[int, str | None]]:
    """(line, module) for each import by name; module is None when it is not a literal."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name not in DYNAMIC_IMPORTERS:
            continue
        arg = node.args[0] if node.args else None
        literal = (
            arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None
        )
        found.append((node.lineno, literal))
    return found


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(SIGAP)))
def test_modules_imported_by_name_respect_the_layers(path):
    own = app_of(module_name(path))
    layers = layer_of()
    own_layer = layers.get(own, 0)
    for line, target in dynamic_imports(path):
        where = f"{module_name(path)}:{line}"
        if own in FRAMEWORK_FREE:
            assert target is not None and target.split(".")[0] not in ("sigap", "django"), (
                f"{where}: the framework-free sigap.{own} imports a module by name"
            )
            continue
        if target is None or not target.startswith("sigap."):
            continue
        other = app_of(target)
        if other == own:
            continue
        assert other in layers, f"{where}: {target} is in no layer of pyproject.toml"
        assert layers[other] > own_layer, f"{where}: {own} imports {target} by name"


def django_based_packages() -> set[str]:
    """Top-level import names of every installed distribution that requires Django."""
    based = {"django"}
    for dist in metadata.distributions():
        if any(
            re.match(r"django\s*($|[<>=!~\[(;])", r, re.I)
            for r in dist.requires or []
            if "extra ==" not in r
        ):
            based |= set((dist.read_text("top_level.txt") or "").split())
            based |= {str(f).split("/")[0] for f in dist.files or [] if f.name == "__init__.py"}
    return {name for name in based if name.isidentifier()} - {"sigap"}


def test_framework_free_code_imports_no_django_based_package():
    graph = grimp.build_graph("sigap", include_external_packages=True, cache_dir=None)
    forbidden = django_based_packages()
    offenders = [
        f"{module} -> {imported}"
        for module in graph.modules
        if app_of(module) in FRAMEWORK_FREE
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.split(".")[0] in forbidden
    ]
    assert offenders == []


def test_every_app_has_a_layer():
    apps = {p.parent.name for p in SIGAP.glob("*/__init__.py")} | {
        p.stem for p in SIGAP.glob("*.py") if p.stem != "__init__"
    }
    missing = sorted(apps - set(layer_of()) - {"__pycache__"})
    assert missing == [], f"add {missing} to a layer in pyproject.toml [tool.importlinter]"
