"""The three locales say the same things: same keys, same placeholders, Kazakh in Kazakh."""

from __future__ import annotations

import ast as pyast
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.factory import PROJECT_ROOT

LOCALES_DIR = PROJECT_ROOT / "locales"
KAZAKH_LETTERS = set("әғқңөұүһі")


class _Placeholders(visitor.Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)
        self.generic_visit(node)


def messages(locale: str) -> dict[str, ast.Message]:
    found: dict[str, ast.Message] = {}
    for path in sorted(Path(LOCALES_DIR / locale).rglob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        junk = [entry for entry in resource.body if isinstance(entry, ast.Junk)]
        assert not junk, f"{path}: {junk[0].annotations}"
        for entry in resource.body:
            if isinstance(entry, ast.Message):
                assert entry.id.name not in found, f"{entry.id.name} twice in {locale}"
                found[entry.id.name] = entry
    return found


def placeholders(message: ast.Message) -> set[str]:
    collector = _Placeholders()
    collector.visit(message)
    return collector.names


def plain_text(message: ast.Message) -> str:
    parts: list[str] = []

    class Text(visitor.Visitor):
        def visit_TextElement(self, node: ast.TextElement) -> None:
            parts.append(node.value)

    Text().visit(message)
    return "".join(parts)


ALL = {locale: messages(locale) for locale in ("kk", "ru", "en")}


@pytest.mark.parametrize("locale", ["kk", "ru"])
def test_same_keys_and_placeholders_as_english(locale):
    assert set(ALL[locale]) == set(ALL["en"])
    for key, message in ALL["en"].items():
        assert placeholders(ALL[locale][key]) == placeholders(message), key


def test_kazakh_is_written_in_kazakh():
    texts = {key: plain_text(message) for key, message in ALL["kk"].items()}
    long_texts = {key: text for key, text in texts.items() if len(re.findall(r"\w+", text)) >= 6}
    assert long_texts
    without = [key for key, text in long_texts.items() if not KAZAKH_LETTERS & set(text.lower())]
    assert without == [], f"Kazakh texts without Kazakh letters: {without}"
    copied = [
        key for key, text in texts.items() if len(text) > 20 and text == plain_text(ALL["ru"][key])
    ]
    assert copied == [], f"Kazakh texts copied from Russian: {copied}"


# Every key the code uses is written out in it, and exists in all three languages.

CODE_DIRS = ("bot", "services")
_TRANSLATORS = re.compile(r"(^|\.)(i18n|core|i18n_core|_core)$")
_KEY_TABLES = re.compile(r"(KEYS|COLUMNS)$")


def _strings(node: pyast.AST) -> set[str]:
    """The string literals an expression can give: in a table, its values (not its keys); a
    lookup (`KEYS[x]`, `value["$key"]`) gives what its table holds, found there."""
    if isinstance(node, pyast.Constant):
        return {node.value} if isinstance(node.value, str) else set()
    if isinstance(node, pyast.Subscript):
        return set()
    if isinstance(node, pyast.Dict):
        return set().union(*(_strings(value) for value in node.values if value is not None))
    return set().union(*(_strings(child) for child in pyast.iter_child_nodes(node)))


def keys_in_code() -> tuple[set[str], list[str]]:
    """(the keys the code names, the places that build a key at run time)."""
    used: set[str] = set()
    built: list[str] = []
    for directory in CODE_DIRS:
        for path in sorted((PROJECT_ROOT / directory).rglob("*.py")):
            tree = pyast.parse(path.read_text(encoding="utf-8"))
            for node in pyast.walk(tree):
                key_arg = None
                if isinstance(node, pyast.Call) and isinstance(node.func, pyast.Attribute):
                    receiver = pyast.unparse(node.func.value)
                    if node.func.attr == "get" and _TRANSLATORS.search(receiver) and node.args:
                        key_arg = node.args[0]
                    elif node.func.attr == "notify" and len(node.args) >= 2:
                        key_arg = node.args[1]
                elif isinstance(node, pyast.Call) and pyast.unparse(node.func) == "Key":
                    key_arg = node.args[0] if node.args else None
                elif isinstance(node, pyast.Assign | pyast.AnnAssign):
                    targets = node.targets if isinstance(node, pyast.Assign) else [node.target]
                    names = [t.id for t in targets if isinstance(t, pyast.Name)]
                    if node.value is not None and any(_KEY_TABLES.search(n) for n in names):
                        used |= {s for s in _strings(node.value) if "-" in s}
                if key_arg is None:
                    continue
                if any(isinstance(n, pyast.JoinedStr) for n in pyast.walk(key_arg)):
                    built.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}")
                used |= _strings(key_arg)
    return used, built


def test_every_key_the_code_uses_is_written_out_and_exists_in_every_language():
    used, built = keys_in_code()
    assert built == [], f"keys built at run time (write them out): {built}"
    assert len(used) > 300  # the scan finds the code's keys, not nothing
    for locale in ("kk", "ru", "en"):
        missing = sorted(used - set(ALL[locale]))
        assert missing == [], f"{locale} lacks {missing}"


def test_every_text_is_used_by_the_code():
    used, _ = keys_in_code()
    unused = sorted(set(ALL["en"]) - used - {"consent-text"})
    assert unused == [], f"texts no code shows: {unused}"
