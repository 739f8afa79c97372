"""Every CallbackData of the bot, with short prefixes and typed fields (all far under 64 bytes).

A handler never trusts a button: it checks the person's state and role again."""

from __future__ import annotations

from enum import StrEnum

from aiogram.filters.callback_data import CallbackData

from domain.nomination import Consent, Step
from domain.pipeline import Action, Criterion, Role, Verdict


class MenuAction(StrEnum):
    VOTE = "vote"
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


class AdminAction(StrEnum):
    INVITE = "invite"
    PEOPLE = "people"


class AdminCb(CallbackData, prefix="a"):
    action: AdminAction


class InviteCb(CallbackData, prefix="i"):
    role: Role
    scope: str = ""


class PeopleCb(CallbackData, prefix="p"):
    role: Role


class RevokeCb(CallbackData, prefix="r"):
    grant_id: int
    confirmed: bool = False  # the first press asks; only the confirmation revokes


class QueueCb(CallbackData, prefix="q"):
    """A page of one desk's queue; the desk is the role that works it."""

    role: Role
    page: int = 0


class CaseCb(CallbackData, prefix="c"):
    role: Role
    nomination_id: int


class FilesCb(CallbackData, prefix="fl"):
    role: Role
    nomination_id: int


class DecideCb(CallbackData, prefix="g"):
    nomination_id: int
    action: Action
    confirmed: bool = False


class FactCb(CallbackData, prefix="k"):
    nomination_id: int
    achievement_id: int
    verdict: Verdict


class SkipCommentCb(CallbackData, prefix="ks"):
    pass


class CompleteCb(CallbackData, prefix="v"):
    nomination_id: int


class ConcludeCb(CallbackData, prefix="y"):
    nomination_id: int


class ScoreCb(CallbackData, prefix="z"):
    criterion: Criterion
    score: int


class RecommendCb(CallbackData, prefix="j"):
    recommend: bool


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"


class ExportCb(CallbackData, prefix="x"):
    format: ExportFormat


class PlanItemCb(CallbackData, prefix="pi"):
    agency_id: int
    item_id: int


class ReportCb(CallbackData, prefix="rp"):
    agency_id: int
    due_date_id: int


class PlanGroup(StrEnum):
    """An official's items by where their next due date stands."""

    OVERDUE = "overdue"
    SOON = "soon"
    DONE = "done"


class PlanListCb(CallbackData, prefix="pl"):
    agency_id: int
    group: PlanGroup
    page: int = 0


class InviteAgencyCb(CallbackData, prefix="ia"):
    """A coordinator's invitation link for an agency that has nobody in the bot."""

    agency_id: int


class SubmitReportCb(CallbackData, prefix="rs"):
    pass


class ReviewAction(StrEnum):
    OPEN = "open"
    FILES = "files"
    ACCEPT = "accept"
    RETURN = "return"


class ReviewCb(CallbackData, prefix="rv"):
    report_id: int
    action: ReviewAction


class ReviewQueueCb(CallbackData, prefix="rq"):
    page: int = 0


class PlanExportCb(CallbackData, prefix="pe"):
    format: ExportFormat


class RoundAction(StrEnum):
    OPEN = "open"
    CLOSE = "close"
    CLOSE_CONFIRMED = "closed"
    RESULTS = "results"
    APPROVE = "approve"
    APPROVE_CONFIRMED = "approved"


class RoundCb(CallbackData, prefix="ro"):
    action: RoundAction
    round_id: int = 0


class ResultsExportCb(CallbackData, prefix="re"):
    round_id: int
    format: ExportFormat


class BrowseCb(CallbackData, prefix="b"):
    round_id: int
    page: int = 0
    region: str = ""
    sphere: str = ""


class FilterKind(StrEnum):
    REGION = "region"
    SPHERE = "sphere"


class FilterCb(CallbackData, prefix="bf"):
    round_id: int
    kind: FilterKind
    region: str = ""
    sphere: str = ""


class VoteCb(CallbackData, prefix="vt"):
    round_id: int
    nomination_id: int
    cast: bool
    page: int = 0
    region: str = ""
    sphere: str = ""


class PhotoCb(CallbackData, prefix="ph"):
    round_id: int
    nomination_id: int
