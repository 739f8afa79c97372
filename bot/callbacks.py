"""Every CallbackData of the bot, with short prefixes and typed fields (all far under 64 bytes).

A handler never trusts a button: it checks the person's state and role again."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from domain.nomination import Consent, Step


class MenuAction(StrEnum):
    HOME = "home"
    ABOUT = "about"
    NOMINATE = "nominate"
    MY = "my"
    LANGUAGE = "language"


class Locale(StrEnum):
    KK = "kk"
    RU = "ru"
    EN = "en"


class DraftAction(StrEnum):
    RESUME = "resume"
    RESTART = "restart"


class MenuCb(CallbackData, prefix="m"):
    action: MenuAction


class LanguageCb(CallbackData, prefix="l"):
    locale: Locale


class DraftCb(CallbackData, prefix="d"):
    action: DraftAction


class FormCb(CallbackData, prefix="f"):
    """A choice at one step of the nomination form; `value` is checked against the step."""

    step: Step
    value: str


class EditCb(CallbackData, prefix="e"):
    step: Step


class NomineeCb(CallbackData, prefix="n"):
    token: str
    answer: Consent
