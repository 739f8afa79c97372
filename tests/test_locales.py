"""The three locales say the same things: same keys, same placeholders, Kazakh in Kazakh."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

from bot.app import COMMANDS
from bot.factory import PROJECT_ROOT
from domain.nomination import EDITABLE_STEPS, Status, Step

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


def test_every_key_the_code_builds_exists():
    keys = set(ALL["en"])
    built = {f"command-{name}" for name in COMMANDS}
    built |= {f"status-{status}" for status in Status}
    built |= {f"field-{step}" for step in EDITABLE_STEPS}
    built |= {f"form-ask-{step}" for step in Step if step is not Step.SUMMARY}
    assert built - keys == set()
