"""The three locales say the same things: same keys, same placeholders, Kazakh in Kazakh."""

from __future__ import annotations

import ast as pyast
import os
import re
import sys
from collections.abc import Mapping
from enum import Enum
from typing import get_args

import pytest
from babel import Locale
from fluent.syntax import FluentParser, ast, visitor

from config import PROJECT_ROOT
from domain.nomination import Step
from services.locale_keys import Key, PlainKey
from tests.fixtures.locales import ALL, LOCALES_DIR, placeholders, plain_text
from tools import texts as texts_tool

KAZAKH_LETTERS = set("әғқңөұүһі")


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


# Plurals: a selector on a number names only the categories of its language's plural rules
# (CLDR, as Babel has them: Russian one/few/many, Kazakh and English one), `other` last.

_PLURAL_CATEGORIES = {"zero", "one", "two", "few", "many"}


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_plurals_use_the_categories_of_their_language(locale):
    allowed = set(Locale.parse(locale).plural_form.tags) | {"other"}
    wrong: list[str] = []

    class Selects(visitor.Visitor):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

        def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
            names = {v.key.name for v in node.variants if isinstance(v.key, ast.Identifier)}
            default = next(v.key for v in node.variants if v.default)
            if names & _PLURAL_CATEGORIES and (
                names - allowed or getattr(default, "name", None) != "other"
            ):
                wrong.append(f"{self.key}: {sorted(names)}")
            self.generic_visit(node)

    for key, message in ALL[locale].items():
        Selects(key).visit(message)
    assert wrong == []


# The code names its texts through types generated from the locales (tools/texts.py): mypy
# refuses a key no locale has and a placeholder left out or one too many, at `Text(...)` and
# at `i18n.get(...)`. What is left to test: the generated files are the locales' own, the
# maps derived from enumerations hold keys without placeholders, the few keys handed to the
# core directly exist, and every text is shown somewhere.

CODE_DIRS = ("bot", "services")
GENERATED = {"services/locale_keys.py", "bot/i18n.py"}
_TRANSLATORS = re.compile(r"(^|\.)(i18n|core|i18n_core|_core)$")
_CORES = re.compile(r"(^|\.)(core|i18n_core|_core)$")
_KEY_TABLES = re.compile(r"(KEYS|COLUMNS)$")


def test_the_generated_types_are_the_locales_own():
    assert {path: path.read_text(encoding="utf-8") for path in texts_tool.generated()} == (
        texts_tool.generated()
    ), "run `make texts`"


def test_the_generated_keys_are_the_locales_keys():
    plain = set(get_args(PlainKey))
    assert plain == {key for key, message in ALL["en"].items() if not placeholders(message)}
    assert set(_keys_of(Key)) == set(ALL["en"])


def _keys_of(alias: object) -> list[str]:
    return [
        k for arg in get_args(alias) for k in ([arg] if isinstance(arg, str) else _keys_of(arg))
    ]


def _derived_maps() -> list[tuple[str, Mapping[Enum, str], list[Enum]]]:
    """(name, map, the members it must cover) of every map `keys_for` derives."""
    from bot import keyboards, texts
    from bot.callbacks import (
        AdminAction,
        DeskFilter,
        DraftAction,
        FilterKind,
        MenuAction,
        PlanGroup,
    )
    from bot.handlers import admin, rounds
    from bot.handlers.desks import case_views, list_views, secretariat, verifier
    from bot.handlers.plan import views as plan_views
    from bot.handlers.vote import views as vote_views
    from domain.nomination import (
        Consent,
        Gender,
        More,
        RejectReason,
        Relation,
        Source,
        Sphere,
        Status,
        Who,
    )
    from domain.pipeline import DESKS, Action, Criterion, Role, Verdict
    from domain.reminders import Standing
    from domain.selection import Reason
    from services import keys
    from services.voting import CastResult

    fields = [step for step in Step if step not in {Step.ACHIEVEMENT_YEAR, Step.PROOF}]
    fields = [step for step in fields if step not in {Step.MORE, Step.CONSENT, Step.SUMMARY}]
    return [
        ("STATUS_KEYS", keys.STATUS_KEYS, list(Status)),
        ("ROLE_KEYS", keys.ROLE_KEYS, list(Role)),
        ("ROLE_CAN_KEYS", keys.ROLE_CAN_KEYS, list(Role)),
        ("DESK_KEYS", keys.DESK_KEYS, list(DESKS)),
        ("GENDER_KEYS", keys.GENDER_KEYS, list(Gender)),
        ("SPHERE_KEYS", keys.SPHERE_KEYS, list(Sphere)),
        ("SOURCE_KEYS", keys.SOURCE_KEYS, list(Source)),
        ("RELATION_KEYS", keys.RELATION_KEYS, list(Relation)),
        ("VERDICT_KEYS", keys.VERDICT_KEYS, list(Verdict)),
        ("CRITERION_KEYS", keys.CRITERION_KEYS, list(Criterion)),
        ("CRITERION_LONG_KEYS", keys.CRITERION_LONG_KEYS, list(Criterion)),
        ("STANDING_KEYS", keys.STANDING_KEYS, list(Standing)),
        ("FIELD_KEYS", texts.FIELD_KEYS, fields),
        ("WHO_KEYS", texts.WHO_KEYS, list(Who)),
        ("MORE_KEYS", texts.MORE_KEYS, list(More)),
        ("CONSENT_KEYS", texts.CONSENT_KEYS, list(Consent)),
        ("SKIP_KEYS", texts.SKIP_KEYS, [Step.ETHNICITY, Step.PROOF, Step.PHOTO]),
        ("MENU_KEYS", keyboards.MENU_KEYS, sorted(MenuAction, key=list(keyboards.MENU_KEYS).index)),
        ("DRAFT_KEYS", keyboards.DRAFT_KEYS, list(DraftAction)),
        ("NOMINEE_KEYS", keyboards.NOMINEE_KEYS, list(Consent)),
        ("ACTION_KEYS", admin.ACTION_KEYS, list(AdminAction)),
        ("SCOPE_QUESTION_KEYS", admin.SCOPE_QUESTION_KEYS, [Role.VERIFIER, Role.AGENCY_OFFICIAL]),
        ("REASON_KEYS", rounds.REASON_KEYS, list(Reason)),
        ("REJECT_REASON_KEYS", secretariat.REJECT_REASON_KEYS, list(RejectReason)),
        ("FILTER_KEYS (desks)", list_views.FILTER_KEYS, list(DeskFilter)),
        ("VERIFIED_KEYS", verifier.VERIFIED_KEYS, [Action.FACTS_CONFIRMED, Action.FACTS_FAILED]),
        ("DECIDE_KEYS", case_views.DECIDE_KEYS, list(case_views.DECIDE_KEYS)),
        ("GROUP_KEYS", plan_views.GROUP_KEYS, list(PlanGroup)),
        ("REVIEW_KEYS", plan_views.REVIEW_KEYS, list(plan_views.REVIEW_KEYS)),
        ("FILTER_KEYS (vote)", vote_views.FILTER_KEYS, list(FilterKind)),
        (
            "RESULT_KEYS",
            vote_views.RESULT_KEYS,
            [r for r in CastResult if r is not CastResult.LIMIT],
        ),
    ]


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_every_member_of_an_enumeration_has_a_text_without_placeholders(locale):
    for name, keys, members in _derived_maps():
        assert list(keys) == members, name
        for member, key in keys.items():
            assert key in ALL[locale], f"{name}[{member!r}]: {key} missing in {locale}"
            assert not placeholders(ALL[locale][key]), f"{name}[{member!r}]: {key} takes some"


def test_a_derived_key_the_locales_lack_stops_the_import():
    from domain.nomination import Gender, Who
    from services.keys import keys_for

    assert keys_for(Gender, "choice-gender-{}") == {
        Gender.MALE: "choice-gender-m",
        Gender.FEMALE: "choice-gender-f",
    }
    with pytest.raises(LookupError, match="choice-gender-x-m"):
        keys_for(Gender, "choice-gender-x-{}")
    with pytest.raises(LookupError, match="form-ask-name"):  # it takes $who
        keys_for([Who.SELF], "form-ask-name")


def _strings(node: pyast.AST) -> set[str]:
    """The string literals an expression can give: in a table, its values (not its keys)."""
    if isinstance(node, pyast.Constant):
        return {node.value} if isinstance(node.value, str) else set()
    if isinstance(node, pyast.Subscript):
        return set()
    if isinstance(node, pyast.Dict):
        return set().union(*(_strings(value) for value in node.values if value is not None))
    return set().union(*(_strings(child) for child in pyast.iter_child_nodes(node)))


def _code() -> list[tuple[str, pyast.Module]]:
    return [
        (str(path.relative_to(PROJECT_ROOT)), pyast.parse(path.read_text(encoding="utf-8")))
        for directory in CODE_DIRS
        for path in sorted((PROJECT_ROOT / directory).rglob("*.py"))
        if str(path.relative_to(PROJECT_ROOT)) not in GENERATED
    ]


def test_the_keys_handed_to_the_core_directly_exist():
    """A core (`i18n.core`, the middleware's) takes any string: its keys, and the tables of
    keys it is handed (export columns, command menus), are checked here instead."""
    named: set[str] = set()
    for _, tree in _code():
        for node in pyast.walk(tree):
            if isinstance(node, pyast.Call) and isinstance(node.func, pyast.Attribute):
                receiver = pyast.unparse(node.func.value)
                if node.func.attr == "get" and _CORES.search(receiver) and node.args:
                    named |= _strings(node.args[0])
            elif isinstance(node, pyast.Assign | pyast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, pyast.Assign) else [node.target]
                if any(isinstance(t, pyast.Name) and _KEY_TABLES.search(t.id) for t in targets):
                    named |= {s for s in _strings(node.value) if "-" in s and "{" not in s}
    assert len(named) > 50  # the scan finds the keys, not nothing
    assert sorted(named - set(ALL["en"])) == []


def test_every_text_is_used_by_the_code():
    """Every key is written in the code, or derived by a map from its enumeration."""
    written = {
        node.value
        for _, tree in _code()
        for node in pyast.walk(tree)
        if isinstance(node, pyast.Constant) and isinstance(node.value, str)
    }
    derived = {key for _, keys, _ in _derived_maps() for key in keys.values()}
    included = {"consent-text"}  # shown inside form-ask-consent
    assert sorted(set(_keys_of(Key)) - written - derived - included) == []


# Kazakh endings follow the sound of the word before them (2-сі but 6-сы and 10-ы; 5-ке but
# 6-ға), so no ending may be glued to a placeholder, whose value nobody knows when the text is
# written; nor may a postposition that asks the placeholder for a case («{ $date } дейін» needs
# a dative). An ordinal noun («{ $number }-тармақ»), «N / M», or a fixed noun that carries the
# ending («{ $limit } жетістікке дейін») reads right whatever the value.

_KK_ENDING = re.compile(
    r"(?:[сн]?[ыі]|[ыі]?н?ш[ыі]|[лдт][ае]р|[ыі]?ң[ыі]з|[ыі]?[мң])?"  # possessive, ordinal, plural
    r"(?:[ғгқкн]?[ае]|[ндт][ыі]ң|[ндт][ыі]|н|[ндт]?[ае]н|н?[дт][ае]|[мбп][ае]н|ш[ае]"
    r"|[ғгқк][ыі]|н?[дт][ае][ғг][ыі])?",  # case and adjective endings
    re.IGNORECASE,
)
_KK_CASE_POSTPOSITIONS = [
    "дейін",
    "шейін",
    "дейінгі",
    "бастап",
    "кейін",
    "кейінгі",
    "соң",
    "бері",
    "бергі",
    "бұрын",
    "қарай",
    "сәйкес",
    "байланысты",
    "қарамастан",
]
_AFTER_PLACEABLE = re.compile(r"^(?P<glued>[-‑]?[^\W\d_]+)|^\s+(?P<word>[^\W\d_]+)")


def glued_to_placeholders(message: ast.Message | ast.Term) -> list[str]:
    """What follows a placeholder and depends on its value: an ending written on it, or a
    postposition that asks it for a case."""
    found: list[str] = []

    class Patterns(visitor.Visitor):
        def visit_Pattern(self, node: ast.Pattern) -> None:
            for before, after in zip(node.elements, node.elements[1:], strict=False):
                if isinstance(before, ast.Placeable) and isinstance(after, ast.TextElement):
                    match = _AFTER_PLACEABLE.match(after.value)
                    if match is None:
                        continue
                    if glued := match["glued"]:
                        ending = glued.lstrip("-‑")
                        hyphen = glued != ending
                        if not hyphen or _KK_ENDING.fullmatch(ending):
                            found.append("}" + glued)
                    elif match["word"].lower() in _KK_CASE_POSTPOSITIONS:
                        found.append("} " + match["word"])
            self.generic_visit(node)

    Patterns().visit(message)
    return found


def _kk_sample(text: str) -> ast.Message:
    entry = FluentParser().parse(f"sample = {text}\n").body[0]
    assert isinstance(entry, ast.Message), text
    return entry


@pytest.mark.parametrize(
    "text",
    [
        "{ $total } кандидаттың { $position }-і",
        "{ $pages } беттің { $page }-сі",
        "{ $count } сарапшының { $recommended }-ы ұсынады",
        "{ $count }-ға дауыс бердіңіз",
        "{ $count }-не дауыс бердіңіз",
        "{ $count }-інші орын",
        "{ $n }-ден { $m }-ге дейін",
        "{ $round }-турдың { $number }-сінде",
        "сілтеме { $expires } дейін жарамды",
        "{ $date } бастап",
        "{ $n }ге",
        "{ $n ->\n    [one] бір\n   *[other] көп\n}-сы",
    ],
)
def test_the_suffix_check_finds_an_ending_on_a_placeholder(text):
    assert glued_to_placeholders(_kk_sample(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "{ $number }-тармақ, { $due }",
        "Дауыс берудің { $round }-кезеңі",
        "{ $number }-жетістікті растайтын дәлел",
        "Кандидат: { $position } / { $total }",
        "Барлығы { $limit } жетістікке дейін қосуға болады",
        "{ $min } таңбадан { $max } таңбаға дейін",
        "«{ $role }» рөліне шақыру",
        "{ $name } жобаға қатысуға келісті",
        "{ $reference } өтінімі іріктеуге жіберілді",
    ],
)
def test_the_suffix_check_lets_a_fixed_noun_carry_the_ending(text):
    assert glued_to_placeholders(_kk_sample(text)) == [], text


def test_no_kazakh_ending_depends_on_a_placeholder():
    glued: dict[str, list[str]] = {}
    for path in sorted((LOCALES_DIR / "kk").rglob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, ast.Message | ast.Term) and (
                found := glued_to_placeholders(entry)
            ):
                glued[f"{path.name}:{entry.id.name}"] = found
    assert glued == {}, f"endings glued to placeholders: {glued}"


# Everything a person reads comes from the locales: no word in a string literal that the bot
# sends, shows on a button or a command list. Emoji, digits, punctuation, /commands and links
# may be written in code.

# Calls that send text: every positional argument and the text keywords are read.
_TEXT_CALLS = {
    "send_message",
    "answer",
    "reply",
    "edit_text",
    "edit_message_text",
    "send_long",
    "send",
    "refuse",
    "answer_callback_query",
    "button",
    "InlineKeyboardButton",
    "KeyboardButton",
}
# Calls whose positional arguments are files or ids: only the text keywords are read.
_MEDIA_CALLS = {
    "send_photo",
    "send_document",
    "send_video",
    "answer_photo",
    "answer_document",
    "edit_caption",
    "edit_message_caption",
    "BotCommand",
}
_TEXT_KEYWORDS = {"text", "caption", "description"}
# Written in code on purpose, each named with its reason.
_LITERALS_ALLOWED = {
    # Each language by its own name, the same in every locale, so anyone finds theirs.
    ("bot/keyboards.py", "LANGUAGE_NAMES"),
}
# Methods whose result is made of their receiver (a table, a text).
_PASSING_METHODS = {"items", "values", "join", "format", "strip", "upper", "lower"}
_NOT_WORDS = re.compile(r"https?://\S+|(?<![\w/])/[a-z_]+|%[a-zA-Z]")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _call_name(node: pyast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, pyast.Attribute) else pyast.unparse(func)


class _Scope:
    """The assignments of a module or a function, to follow a name to what it holds."""

    def __init__(self, body: pyast.AST, parent: _Scope | None = None) -> None:
        self.parent = parent
        self.values: dict[str, list[pyast.expr]] = {}
        nodes = pyast.walk(body) if parent is not None else iter(getattr(body, "body", []))
        for node in nodes:
            targets: list[pyast.expr] = []
            if isinstance(node, pyast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, pyast.AugAssign | pyast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            elif isinstance(node, pyast.For):
                targets, value = [node.target], node.iter
            for target in targets:
                for name in pyast.walk(target):
                    if isinstance(name, pyast.Name):
                        self.values.setdefault(name.id, []).append(value)

    def lookup(self, name: str) -> list[pyast.expr]:
        if name in self.values:
            return self.values[name]
        return self.parent.lookup(name) if self.parent else []


def _literals(node: pyast.AST, scope: _Scope, path: str, seen: set[str]) -> list[str]:
    """The string literals an expression shown to a person is made of, following names to
    their assignments; a translation's key and a table lookup's index are not shown."""
    if isinstance(node, pyast.Constant):
        return [node.value] if isinstance(node.value, str) else []
    if isinstance(node, pyast.Name):
        if node.id in seen or (path, node.id) in _LITERALS_ALLOWED:
            return []
        seen = seen | {node.id}
        return [s for value in scope.lookup(node.id) for s in _literals(value, scope, path, seen)]
    if isinstance(node, pyast.Subscript):
        return _literals(node.value, scope, path, seen)
    if isinstance(node, pyast.Dict):
        return [s for value in node.values for s in _literals(value, scope, path, seen)]
    if isinstance(node, pyast.Call):
        arguments = [*node.args, *(k.value for k in node.keywords)]
        shown: list[pyast.AST] = arguments  # a function that builds a text from them
        if isinstance(node.func, pyast.Attribute):
            receiver = node.func.value
            if _call_name(node) == "get" and _TRANSLATORS.search(pyast.unparse(receiver)):
                shown = arguments[1:]  # its parameters, not the key
            elif _call_name(node) == "get":
                shown = [receiver, *arguments[1:]]  # a table's value or the default, not the key
            elif isinstance(receiver, pyast.Constant | pyast.JoinedStr) or (
                _call_name(node) in _PASSING_METHODS
            ):
                shown = [receiver, *arguments]  # "\n".join(…), NAMES.items(), text.strip()
            else:
                shown = []  # a service's or an object's method: what it is given is not shown
        return [s for part in shown for s in _literals(part, scope, path, seen)]
    if isinstance(node, pyast.Attribute):
        return []  # a field of an object: data, not a literal of the code
    return [
        s for child in pyast.iter_child_nodes(node) for s in _literals(child, scope, path, seen)
    ]


def literals_shown_to_people() -> list[str]:
    """`path:line: literal` for every worded literal the bot's code sends to a person."""
    found: list[str] = []
    for file in sorted((PROJECT_ROOT / "bot").rglob("*.py")):
        path = str(file.relative_to(PROJECT_ROOT))
        tree = pyast.parse(file.read_text(encoding="utf-8"))

        def walk(node: pyast.AST, scope: _Scope, path: str = path) -> None:
            if isinstance(node, pyast.FunctionDef | pyast.AsyncFunctionDef | pyast.Lambda):
                scope = _Scope(node, scope)
            shown: list[pyast.AST] = []
            if isinstance(node, pyast.Call):
                keywords = [k.value for k in node.keywords if k.arg in _TEXT_KEYWORDS]
                if _call_name(node) in _TEXT_CALLS:
                    shown = [*node.args, *keywords]
                elif _call_name(node) in _MEDIA_CALLS:
                    shown = keywords
            elif isinstance(node, pyast.Assign):
                attributes = [t for t in node.targets if isinstance(t, pyast.Attribute)]
                if any(t.attr in _TEXT_KEYWORDS for t in attributes):
                    shown = [node.value]
            elif isinstance(node, pyast.Dict):
                shown = [
                    value
                    for key, value in zip(node.keys, node.values, strict=True)
                    if isinstance(key, pyast.Constant) and key.value in _TEXT_KEYWORDS
                ]
            for part in shown:
                for literal in _literals(part, scope, path, set()):
                    if _WORD.search(_NOT_WORDS.sub("", literal)):
                        found.append(f"{path}:{getattr(node, 'lineno', '?')}: {literal!r}")
            for child in pyast.iter_child_nodes(node):
                walk(child, scope)

        walk(tree, _Scope(tree))
    return found


def test_the_literal_check_finds_a_worded_literal(tmp_path, monkeypatch):
    module = tmp_path / "bot" / "handlers" / "sample.py"
    module.parent.mkdir(parents=True)
    module.write_text(
        "GREETING = 'Сәлем'\n"
        "LABELS = {'open': 'Ашу', 'close': 'menu-close'}\n"
        "async def hello(bot, i18n, chat_id, query, answer, builder, state):\n"
        "    await bot.send_message(chat_id, GREETING)\n"
        "    text = i18n.get('menu-title') + ' ✓'\n"
        "    text += f'{text} more'\n"
        "    await bot.send_message(chat_id, text)\n"
        "    builder.button(text='Далее ▶️', callback_data='next')\n"
        "    await bot.send_photo(chat_id, 'file-id', caption=f'{i18n.get(\"x-y\")} /plan')\n"
        "    query.answer.text = '◀️ 1 / 2'\n"
        "    refuse(answer, 'Expired')\n"
        "    markup = {'text': 'Open', 'url': 'https://example.kz'}\n"
        "    for label in LABELS.values():\n"
        "        builder.button(text=label)\n"
        "    builder.button(text=i18n.get(LABELS['close']))\n"
        "    data = (await state.get_data()).get('report') or {}\n"
        "    await bot.send_message(chat_id, i18n.get('x-y', count=len(data)))\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(sys.modules[__name__], "PROJECT_ROOT", tmp_path)
    found = {line.split(": ", 1)[1] for line in literals_shown_to_people()}
    assert found == {
        "'Сәлем'",
        "' more'",
        "'Далее ▶️'",
        "'Expired'",
        "'Open'",
        "'Ашу'",
        "'menu-close'",  # a table of labels is read whole: keep keys and words apart
    }


def test_every_text_the_bot_shows_comes_from_the_locales():
    assert literals_shown_to_people() == []


def test_regions_are_listed_in_the_readers_alphabet():
    from bot.keyboards import region_options
    from domain.regions import load_regions

    regions = load_regions(PROJECT_ROOT / "data" / "regions_kz.csv")
    labels = {locale: [label for _, label in region_options(regions, locale)] for locale in ALL}
    # Kazakh letters in their places (Ақмола after Абай, Шығыс after Түркістан and Ұлытау)...
    assert labels["kk"][:3] == ["Абай облысы", "Ақмола облысы", "Ақтөбе облысы"]
    assert labels["kk"][-2:] == ["Шығыс Қазақстан облысы", "Шымкент қаласы"]
    # ...Russian by the name a reader looks for, not by «область» or «город»...
    assert labels["ru"][:5] == [
        "область Абай",
        "Акмолинская область",
        "Актюбинская область",
        "Алматинская область",
        "город Алматы",
    ]
    # ...and English in the Latin order, not the Kazakh one.
    assert labels["en"][:4] == ["Abai Region", "Akmola Region", "Aktobe Region", "Almaty"]
    assert labels["en"][-1] == "Zhetysu Region"


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
def test_the_keyboards_made_from_texts_alone_fit_a_phone_in_every_language(texts, locale):
    """The keyboards that need no records, rendered in each language; every other keyboard
    is measured as the tests make the bot send it (tests/harness.py, `too_long`)."""
    from aiogram_i18n import I18nContext

    from bot import keyboards
    from bot.callbacks import InviteCb
    from bot.handlers.admin import _admin_menu, _roles_keyboard
    from bot.texts import CHOICE_KEYS, FIELD_KEYS
    from domain.nomination import Step
    from domain.regions import load_regions
    from tests.harness import too_long

    i18n = I18nContext(locale=locale, core=texts, manager=None, data={})  # type: ignore[arg-type]
    regions = load_regions(PROJECT_ROOT / "data" / "regions_kz.csv")
    made = [
        keyboards.main_menu(i18n),
        keyboards.languages(),
        keyboards.draft_choice(i18n),
        keyboards.summary(i18n, [step for step in Step if step in FIELD_KEYS]),
        keyboards.nominee_consent(i18n, "token"),
        keyboards.choices(Step.REGION, keyboards.region_options(regions, locale)),
        _admin_menu(i18n),
        _roles_keyboard(i18n, InviteCb),
    ]
    for step, keys in CHOICE_KEYS.items():
        options = [(value, i18n.get(key)) for value, key in keys.items()]
        made.append(keyboards.choices(step, options, columns=2 if step is Step.GENDER else 1))
    assert [label for markup in made for label in too_long(markup)] == []


_MISTAKES = """from bot.i18n import I18n
from services.texts import Text


def sample(i18n: I18n, status: str) -> list[object]:
    return [
        Text("case-moved"),
        Text("desk-export", format="xlsx"),
        i18n.get("desk-export", format="xlsx"),
        Text("case-mooved"),  # 10: no such key
        Text("desk-export"),  # 11: its placeholder left out
        Text("case-moved", extra=1),  # 12: a placeholder it does not have
        i18n.get("desk-exprt", format="xlsx"),  # 13
        i18n.get("desk-export", fmt="xlsx"),  # 14
        i18n.get(f"status-{status}"),  # 15: a key built at run time
    ]
"""


@pytest.mark.skipif(
    os.environ.get("TEST_DATABASE") == "postgresql", reason="no database: the SQLite pass runs it"
)
def test_mypy_refuses_a_wrong_key_and_wrong_placeholders(tmp_path):
    """The generated types at work (some seconds of mypy): what `make test`'s mypy says."""
    from mypy import api

    sample = tmp_path / "sample.py"
    sample.write_text(_MISTAKES, encoding="utf-8")
    out, _, _ = api.run(
        ["--cache-dir", str(tmp_path / "cache"), "--follow-imports=silent", str(sample)]
    )
    wrong = {int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line}
    assert wrong == {10, 11, 12, 13, 14, 15}, out[:2000]
