"""The three locales say the same things: same keys, same placeholders, Kazakh in Kazakh."""

from __future__ import annotations

import ast as pyast
import re
import sys
from pathlib import Path

import pytest
from fluent.syntax import FluentParser, ast, visitor

from config import PROJECT_ROOT

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
                elif isinstance(node, pyast.Call) and pyast.unparse(node.func) == "Text":
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
