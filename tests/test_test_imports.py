"""The tests' own shape: a test module imports shared helpers from `tests/harness.py`,
`tests/flows.py`, `tests/fixtures/` (and pytest's fixtures from `tests/conftest.py`), never from
another test module or conftest itself, so that moving or deleting one test file breaks no
other; and the benchmarks import the tests' helpers rather than keep copies."""

from __future__ import annotations

import ast

from config import PROJECT_ROOT

TESTS = PROJECT_ROOT / "tests"


def imported_modules(source: str, package: str = "tests") -> list[str]:
    """Every module a test module's source imports, at any depth (a function-level import
    counts too), relative imports resolved against its `package`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
            module = node.module or ""
            if node.level:  # from .test_x import y, from . import test_x
                module = f"{base}.{module}" if module else base
            found.append(module)
            found += [f"{module}.{alias.name}" for alias in node.names]
    return found


def is_test_module(name: str) -> bool:
    parts = name.split(".")
    return (
        len(parts) >= 2
        and parts[0] == "tests"
        and (parts[1].startswith("test_") or parts[1] == "conftest")
    )


def test_no_test_module_imports_another():
    offenders = {
        path.name: sorted(
            {m for m in imported_modules(path.read_text(encoding="utf-8")) if is_test_module(m)}
        )
        for path in sorted(TESTS.glob("test_*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_guard_sees_every_way_of_importing_a_test_module():
    # The guard above must not pass by missing an import form.
    for source in (
        "from tests.test_vote import verified",
        "import tests.test_vote",
        "from tests import test_vote",
        "from tests.conftest import ADMIN_ID",
        "from . import test_vote",
        "def f():\n    from .test_vote import verified",
    ):
        assert any(is_test_module(m) for m in imported_modules(source)), source
    for source in ("from tests.fixtures.vote import verified", "from tests.harness import Sent"):
        assert not any(is_test_module(m) for m in imported_modules(source)), source


def test_the_benchmarks_import_the_test_helpers_they_use_instead_of_copying_them():
    copies = {"class InstantSession", "class RecordingSession", "def free_port"}
    for script in sorted((PROJECT_ROOT / "bench").glob("*.py")):
        text = script.read_text(encoding="utf-8")
        assert not [copy for copy in copies if copy in text], script.name
    crowd = (PROJECT_ROOT / "bench" / "crowd.py").read_text(encoding="utf-8")
    assert "from tests.fixtures.processes import" in crowd
    votes = (PROJECT_ROOT / "bench" / "votes.py").read_text(encoding="utf-8")
    assert "from tests.harness import InstantSession" in votes
