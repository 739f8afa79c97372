"""Keyboards. Labels come from the locales; callback data from `bot.callbacks`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aiogram.types import (
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from aiogram.utils.keyboard import InlineKeyboardBuilder
from aiogram_i18n import I18nContext

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
from bot.texts import FIELD_KEYS
from domain.nomination import Consent, Step
from domain.regions import Region

MENU_KEYS = {
    MenuAction.NOMINATE: "menu-nominate",
    MenuAction.VOTE: "menu-vote",
    MenuAction.MY: "menu-my",
    MenuAction.ABOUT: "menu-about",
    MenuAction.LANGUAGE: "menu-language",
}
DRAFT_KEYS = {DraftAction.RESUME: "draft-resume", DraftAction.RESTART: "draft-restart"}
NOMINEE_KEYS = {Consent.AGREE: "nominee-agree", Consent.DECLINE: "nominee-decline"}

# Each language by its own name, the same in every locale, so anyone finds theirs.
LANGUAGE_NAMES = {Locale.KK: "Қазақша", Locale.RU: "Русский", Locale.EN: "English"}


def main_menu(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action, key in MENU_KEYS.items():
        builder.button(text=i18n.get(key), callback_data=MenuCb(action=action))
    builder.adjust(1, 1, 1, 2)
    return builder.as_markup()


def languages() -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for locale, name in LANGUAGE_NAMES.items():
        builder.button(text=name, callback_data=LanguageCb(locale=locale))
    builder.adjust(3)
    return builder.as_markup()


def draft_choice(i18n: I18nContext) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for action, key in DRAFT_KEYS.items():
        builder.button(text=i18n.get(key), callback_data=DraftCb(action=action))
    builder.adjust(1)
    return builder.as_markup()


def choices(
    step: Step, options: Iterable[tuple[str, str]], columns: int = 1
) -> InlineKeyboardMarkup:
    """One button per (value, label) of a form step."""
    builder = InlineKeyboardBuilder()
    for value, label in options:
        builder.button(text=label, callback_data=FormCb(step=step, value=value))
    builder.adjust(columns)
    return builder.as_markup()


def region_options(regions: Sequence[Region], locale: str) -> list[tuple[str, str]]:
    return [(region.code, region.name(locale)) for region in regions]


def summary(i18n: I18nContext, steps: Sequence[Step]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(
        text=i18n.get("summary-submit"), callback_data=FormCb(step=Step.SUMMARY, value="submit")
    )
    for step in steps:
        builder.button(
            text=i18n.get("summary-edit", field=i18n.get(FIELD_KEYS[step])),
            callback_data=EditCb(step=step),
        )
    builder.adjust(1, 2)
    return builder.as_markup()


def share_contact(i18n: I18nContext) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text=i18n.get("form-share-contact"), request_contact=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def nominee_consent(i18n: I18nContext, token: str) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for answer, key in NOMINEE_KEYS.items():
        builder.button(text=i18n.get(key), callback_data=NomineeCb(token=token, answer=answer))
    builder.adjust(1)
    return builder.as_markup()
