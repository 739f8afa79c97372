"""Keyboards. Labels come from the locales; callback data from `bot.callbacks`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any
from weakref import WeakKeyDictionary

from aiogram.filters.callback_data import CallbackData
from aiogram.types import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder

from bot.callbacks import (
    DraftAction,
    DraftCb,
    EditCb,
    FormCb,
    LanguageCb,
    Locale,
    MenuAction,
    MenuCb,
    NomineeCb,
)
from bot.i18n import I18n
from bot.texts import FIELD_KEYS
from domain.collation import sort_key
from domain.nomination import Consent, Step
from domain.regions import Region, in_order
from services.keys import keys_for


class Keyboard(InlineKeyboardBuilder):
    """aiogram's inline keyboard builder without its deep copies: it copies every button each
    time a button is added or the rows are adjusted (about 1 ms for a five-button menu, paid
    per update). The rows are still copied; the buttons, made here and never changed after,
    are shared with the markup."""

    def export(self) -> list[list[InlineKeyboardButton]]:
        return [list(row) for row in self._markup]


# In the order the main menu shows them.
MENU_KEYS = keys_for(
    (MenuAction.NOMINATE, MenuAction.VOTE, MenuAction.MY, MenuAction.ABOUT, MenuAction.LANGUAGE),
    "menu-{}",
)
DRAFT_KEYS = keys_for(DraftAction, "draft-{}")
NOMINEE_KEYS = keys_for(Consent, "nominee-{}")

# Each language by its own name, the same in every locale, so anyone finds theirs.
LANGUAGE_NAMES = {Locale.KK: "Қазақша", Locale.RU: "Русский", Locale.EN: "English"}


# The main menu of each language, per set of texts (a core): made once, then shared.
_main_menus: WeakKeyDictionary[Any, dict[str, InlineKeyboardMarkup]] = WeakKeyDictionary()


def main_menu(i18n: I18n) -> InlineKeyboardMarkup:
    """The same for everybody who reads a language, and sent with most replies (a crowd's
    /start first), so made once per language and shared by every update: whoever sends it
    never changes it (`InlineKeyboardBuilder.from_markup(...)` and `attach` copy it)."""
    made = _main_menus.setdefault(i18n.core, {})
    markup = made.get(i18n.locale)
    if markup is None:
        markup = made[i18n.locale] = _main_menu(i18n)
    return markup


def _main_menu(i18n: I18n) -> InlineKeyboardMarkup:
    builder = Keyboard()
    for action, key in MENU_KEYS.items():
        builder.button(text=i18n.get(key), callback_data=MenuCb(action=action))
    builder.adjust(1, 1, 1, 2)
    return builder.as_markup()


def languages() -> InlineKeyboardMarkup:
    builder = Keyboard()
    for locale, name in LANGUAGE_NAMES.items():
        builder.button(text=name, callback_data=LanguageCb(locale=locale))
    builder.adjust(3)
    return builder.as_markup()


def draft_choice(i18n: I18n) -> InlineKeyboardMarkup:
    builder = Keyboard()
    for action, key in DRAFT_KEYS.items():
        builder.button(text=i18n.get(key), callback_data=DraftCb(action=action))
    builder.adjust(1)
    return builder.as_markup()


def choices(
    step: Step, options: Iterable[tuple[str, str]], columns: int = 1
) -> InlineKeyboardMarkup:
    """One button per (value, label) of a form step."""
    builder = Keyboard()
    for value, label in options:
        builder.button(text=label, callback_data=FormCb(step=step, value=value))
    builder.adjust(columns)
    return builder.as_markup()


def region_options(regions: Sequence[Region], locale: str) -> list[tuple[str, str]]:
    """The regions as buttons, in the reader's alphabetical order."""
    return [(region.code, region.name(locale)) for region in in_order(regions, locale)]


def in_reading_order(options: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(value, label) options sorted by their labels in the reader's alphabet."""
    return sorted(options, key=lambda option: sort_key(option[1]))


def summary(i18n: I18n, steps: Sequence[Step]) -> InlineKeyboardMarkup:
    builder = Keyboard()
    builder.button(
        text=i18n.get("summary-submit"), callback_data=FormCb(step=Step.SUMMARY, value="submit")
    )
    for step in steps:
        builder.button(
            text=i18n.get("summary-edit", field=i18n.get(FIELD_KEYS[step])),
            callback_data=EditCb(step=step),
        )
    builder.adjust(1)  # a field's name is too long to share a row on a phone
    return builder.as_markup()


def share_contact(i18n: I18n) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=i18n.get("form-share-contact"), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def nominee_consent(i18n: I18n, token: str) -> InlineKeyboardMarkup:
    builder = Keyboard()
    for answer, key in NOMINEE_KEYS.items():
        builder.button(text=i18n.get(key), callback_data=NomineeCb(token=token, answer=answer))
    builder.adjust(1)
    return builder.as_markup()


# What a phone shows of a button without cutting it: a label alone on its row, and a label
# sharing its row (tests/harness.py measures every keyboard the tests make the bot send).
ALONE, SHARED = 30, 15


def fitted(builder: InlineKeyboardBuilder, *rows: int, most: int = 2) -> InlineKeyboardBuilder:
    """Lay the buttons out in order: in the rows asked for (`rows`, as for `adjust`; the last
    size repeats), or `most` to a row; a row whose labels are not all short enough to share
    it becomes a row per button."""
    labels = [button.text for button in builder.buttons]
    groups: list[list[str]] = []
    sizes = list(rows) or [most]
    while sum(len(group) for group in groups) < len(labels):
        size = sizes[min(len(groups), len(sizes) - 1)]
        start = sum(len(group) for group in groups)
        groups.append(labels[start : start + size])
    laid: list[int] = []
    for group in groups:
        fits = len(group) == 1 or all(len(label) <= SHARED for label in group)
        laid += [len(group)] if fits else [1] * len(group)
    if laid:
        builder.adjust(*laid)
    return builder


# The one pager and the one confirm-first flow of every screen.


def pager(
    builder: InlineKeyboardBuilder,
    page: int,
    pages: int,
    goto: Callable[[int], CallbackData],
    jump: CallbackData | None = None,
    ends: bool = True,
) -> int:
    """⏮ ◀️ x/N ▶️ ⏭ under a list (`page` counts from 0): the ends only where they are more
    than a step away (and not at all without `ends`: a short list, steps are enough), x/N
    only with `jump` (it asks for a page number). Returns how many buttons it added: one
    row."""
    buttons: list[tuple[str, CallbackData]] = []
    if ends and page > 1:
        buttons.append(("⏮", goto(0)))
    if page > 0:
        buttons.append(("◀️", goto(page - 1)))
    if jump is not None and pages > 1:
        buttons.append((f"{page + 1}/{pages}", jump))
    if page + 1 < pages:
        buttons.append(("▶️", goto(page + 1)))
    if ends and page + 2 < pages:
        buttons.append(("⏭", goto(pages - 1)))
    for label, data in buttons:
        builder.button(text=label, callback_data=data)
    return len(buttons)


def pages_of(total: int, size: int) -> int:
    """How many pages of `size` hold `total` items (an empty list is one empty page)."""
    return max(1, -(-total // size))


def confirm(
    i18n: I18n,
    pressed: CallbackData,
    cancel: CallbackData,
    label: str | None = None,
    cancel_label: str | None = None,
) -> InlineKeyboardMarkup:
    """The question's buttons: `label` (or «Confirm») acts, `cancel_label` (or «Cancel») goes
    to `cancel`."""
    builder = Keyboard()
    builder.button(
        text=label or i18n.get("decide-confirm"),
        callback_data=pressed.model_copy(update={"confirmed": True}),
    )
    builder.button(text=cancel_label or i18n.get("decide-cancel"), callback_data=cancel)
    builder.adjust(1)
    return builder.as_markup()
