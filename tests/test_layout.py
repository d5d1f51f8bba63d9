"""Packaging and layering: one import name, and the core never imports Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Modules allowed to import Textual: the app shell, the CLI that starts it, the screens.
UI_MODULES = ("branchdash.app", "branchdash.cli", "branchdash.__main__", "branchdash.screens")


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] in ("screens", "data"):
        parts.insert(0, "branchdash")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    package = _module_name(path)
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            names.add(module)
    return names


def _is_ui(module: str) -> bool:
    return any(module == ui or module.startswith(ui + ".") for ui in UI_MODULES)


def test_core_and_store_never_import_textual() -> None:
    """`branchdash.data` and the rules import neither Textual nor the UI modules
    (checked on every import, also inside functions, so no path leads there)."""
    offenders: list[str] = []
    for folder in ("branchdash", "data"):
        for path in (ROOT / folder).rglob("*.py"):
            module = _module_name(path)
            if _is_ui(module):
                continue
            for name in _imports(path):
                if name == "textual" or name.startswith("textual.") or _is_ui(name):
                    offenders.append(f"{module} imports {name}")
    assert offenders == []


def test_store_does_not_import_the_rules() -> None:
    """data/ may use the clock (the one source of time), nothing else of the core."""
    offenders = [
        f"{_module_name(path)} imports {name}"
        for path in (ROOT / "data").rglob("*.py")
        for name in _imports(path)
        if name.startswith("branchdash.") and not name.startswith("branchdash.data")
        and name != "branchdash.clock"
    ]
    assert offenders == []


def test_screens_write_no_sql() -> None:
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in (ROOT / "screens").rglob("*.py")
        for name in _imports(path)
        if name == "peewee" or name.startswith(("peewee.", "playhouse", "sqlite3"))
        or name == "branchdash.data.models"
    ]
    assert offenders == []


def test_workers_name_themselves() -> None:
    """Textual's @work without a description repr()s every argument on each call: a
    roster of 10,000 partners passed to a worker cost 135 ms on the UI thread."""
    offenders = []
    for path in list((ROOT / "screens").rglob("*.py")) + [ROOT / "branchdash" / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "work"
                    and not any(k.arg == "description" for k in node.keywords)):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_wheel_has_one_import_name(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    wheel = next(tmp_path.glob("branchdash-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(
        (".dist-info", ".data"))}
    assert top == {"branchdash"}
    assert "branchdash/screens/today.py" in names
    assert "branchdash/screens/today.tcss" in names
    assert "branchdash/data/models.py" in names
    assert "branchdash/locales/ko/core.toml" in names
    assert not any(name.startswith(("screens/", "data/")) for name in names)
    # every source module and resource made it into the wheel
    expected = set()
    for folder, installed in (("branchdash", "branchdash"), ("screens", "branchdash/screens"),
                              ("data", "branchdash/data")):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".tcss", ".toml") and "__pycache__" not in path.parts:
                expected.add(f"{installed}/{path.relative_to(ROOT / folder).as_posix()}")
    assert sorted(expected - set(names)) == []


def test_installed_package_maps_screens_and_data() -> None:
    """Editable or not, `branchdash.screens` is screens/ and `branchdash.data` is data/."""
    import branchdash.data.models
    import branchdash.screens.today

    for module, source in ((branchdash.screens.today, ROOT / "screens" / "today.py"),
                           (branchdash.data.models, ROOT / "data" / "models.py")):
        assert Path(module.__file__).read_bytes() == source.read_bytes()
