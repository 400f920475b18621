"""The dependency order of style.md: a layer imports only the layers before it."""

import ast
from pathlib import Path

import pytest

SIGAP = Path(__file__).resolve().parents[1] / "sigap"
# Lower number = lower layer. The shell (settings, urls, views, commands) sits on top.
LAYERS = {
    "lib": 0,
    "screening": 0,
    "regions": 1,
    "people": 2,
    "notifications": 3,
    "programme": 4,
    "cases": 4,
    "jobcheck": 4,
    "dashboards": 5,
    "api": 6,
}
SHELL = 7
FRAMEWORK_FREE = {"lib", "screening"}
# Pages of every app authorise through the one access module (docs/decisions/0002).
WEB_MODULES = {"views", "urls", "forms"}
ACCESS_MODULES = {"sigap.people.access", "sigap.people.audit"}


def app_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "sigap":
        return None
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "shell"


def imports_of(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [f"{node.module}.{alias.name}" for alias in node.names]
    return found


def python_files():
    return sorted(p for p in SIGAP.rglob("*.py") if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(SIGAP.parent).with_suffix("").parts)


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(SIGAP)))
def test_module_respects_the_layers(path):
    own = app_of(module_name(path))
    own_layer = LAYERS.get(own, SHELL)
    for imported in imports_of(path):
        top = imported.split(".")[0]
        if own in FRAMEWORK_FREE:
            assert top != "django", f"{path.name}: sigap.{own} must not import Django"
        target = app_of(imported)
        if target is None or target == own:
            continue
        if own in FRAMEWORK_FREE:
            assert target == "lib" and own == "screening", f"sigap.{own} must not import {imported}"
            continue
        assert target != "shell" or own == "shell", f"{module_name(path)} imports the shell"
        if path.stem in WEB_MODULES and any(imported.startswith(m) for m in ACCESS_MODULES):
            continue
        assert LAYERS.get(target, SHELL) < own_layer, (
            f"{module_name(path)} (layer {own}) imports {imported} (layer {target})"
        )


def test_nothing_imports_the_api():
    offenders = [
        module_name(p)
        for p in python_files()
        if app_of(module_name(p)) not in ("api",)
        and module_name(p) != "sigap.urls"
        and any(i.startswith("sigap.api") for i in imports_of(p))
    ]
    assert offenders == []
