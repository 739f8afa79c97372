"""Every CallbackData of the bot, with short prefixes and typed fields (all far under 64 bytes).

A handler never trusts a button: it checks the person's state and role again."""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from aiogram.filters.callback_data import CallbackData

from domain.nomination import Consent, RejectReason, Step, VoidReason
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
    INVITES = "invites"  # the open invitation links (/invites)


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
    here: bool = False  # "cancel" on a confirmation: the same message gets the case's buttons


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
    CLOSE = "close"  # asks first
    RESULTS = "results"
    APPROVE = "approve"  # asks first
    STATUS = "status"  # where the rounds stand (as /round): «Cancel» on a question


class RoundCb(CallbackData, prefix="ro"):
    action: RoundAction
    round_id: int = 0
    confirmed: bool = False  # the first press of close or approve asks; only this acts


class ResultsExportCb(CallbackData, prefix="re"):
    round_id: int
    format: ExportFormat


class RoundView(CallbackData, prefix="vw"):
    """The one filter model of the voter's screens: the round, the place in it (a card's, or
    a list's page) and the filters ("" is any). Never packed itself: the buttons are its
    subclasses, each a screen or an action that keeps where the voter was."""

    round_id: int
    page: int = 0
    region: str = ""
    sphere: str = ""


class BrowseCb(RoundView, prefix="b"):
    """A candidate's card: `page` is its place under the filters."""


class FilterKind(StrEnum):
    REGION = "region"
    SPHERE = "sphere"


class FilterCb(RoundView, prefix="bf"):
    """The choices of one filter under the cards; a choice opens the cards from the first."""

    kind: FilterKind


class VoteCb(RoundView, prefix="vt"):
    """A vote (`cast`) or its withdrawal, on the card at `page`."""

    nomination_id: int
    cast: bool


class PhotoCb(CallbackData, prefix="ph"):
    round_id: int
    nomination_id: int


# The voter's search and list view


class SearchCb(RoundView, prefix="bs"):
    """Ask for a name to search the round by; `page` and the filters are where "back" leads."""


class ListCb(RoundView, prefix="bl"):
    """A page of the round's candidates as lines, with the same filters as `BrowseCb`."""


class ListFilterCb(RoundView, prefix="blf"):
    """The filter choice of the list view: its choices lead back to the list, not the cards."""

    kind: FilterKind


# Staff notifications


class NotifyCb(CallbackData, prefix="ntf"):
    """Turn the message per case reaching one's desks on or off (set, not toggled: a double
    tap changes nothing)."""

    on: bool


# The nominator's withdrawal and the nominee's answer from /my


class MineAction(StrEnum):
    WITHDRAW = "withdraw"  # the nominator takes their nomination back
    DECLINE = "decline"  # the nominee declines a nomination of them
    KEEP = "keep"  # "no" to either confirmation: nothing changes
    PHONE = "phone"  # the nominator corrects the candidate's phone while consent is awaited


class MineCb(CallbackData, prefix="mw"):
    action: MineAction
    nomination_id: int
    confirmed: bool = False  # the first press asks; only the confirmation acts


# The desks' lists at scale: search, filters, claims, conflicts and bulk rejection


class DeskTool(StrEnum):
    SEARCH = "search"
    FILTERS = "filters"
    JUMP = "jump"  # to a page typed by number
    CLEAR = "clear"  # every filter and the search
    SELECT = "select"  # selecting cases for a bulk action, on or off
    NEXT = "next"  # work through the list: the oldest case nobody holds


class DeskToolCb(CallbackData, prefix="dt"):
    role: Role
    tool: DeskTool


class DeskFilter(StrEnum):
    STATUS = "status"
    REGION = "region"
    SPHERE = "sphere"
    SOURCE = "source"
    PERIOD = "period"  # submitted between two dates, typed


class DeskPickCb(CallbackData, prefix="dp"):
    """Show the choices of one filter."""

    role: Role
    kind: DeskFilter


class DeskFilterCb(CallbackData, prefix="df"):
    """Set one filter ("" is any); the list goes back to its first page."""

    role: Role
    kind: DeskFilter
    value: str = ""


class ClaimAction(StrEnum):
    TAKE_OVER = "take"
    RELEASE = "release"
    RECUSE = "recuse"  # asks first


class ClaimCb(CallbackData, prefix="cl"):
    role: Role
    nomination_id: int
    action: ClaimAction
    confirmed: bool = False  # a recusal: the first press asks; only the confirmation acts


class SelectCb(CallbackData, prefix="sl"):
    """Select or unselect a case of the secretariat's list for a bulk rejection."""

    nomination_id: int


class BulkCb(CallbackData, prefix="bk"):
    """A bulk rejection: of the selection or of `every` case the list holds. Without a reason
    it asks for one; then it asks to confirm `count`; only the confirmation rejects."""

    every: bool
    reason: RejectReason | None = None
    count: int = 0
    cases: str = ""  # the fingerprint of the cases confirmed (`services.desks.Bulk`)
    confirmed: bool = False


# The verifier's card, document requests and the expert's card


class ExpertScoreCb(CallbackData, prefix="es"):
    """A score on the expert's card; 0 is the criterion's own button, which explains it."""

    nomination_id: int
    criterion: Criterion
    score: int


class ExpertRecommendCb(CallbackData, prefix="er"):
    nomination_id: int
    recommend: bool


class ExpertWriteCb(CallbackData, prefix="ew"):
    """Write (or rewrite) the conclusion's text."""

    nomination_id: int


class ExpertSubmitCb(CallbackData, prefix="eo"):
    nomination_id: int


class UploadCb(CallbackData, prefix="du"):
    """The nominator starts sending documents on a verifier's request."""

    request_id: int


class UploadDoneCb(CallbackData, prefix="dd"):
    request_id: int


class VoidCb(CallbackData, prefix="vd"):
    """The secretariat voids a nomination (impostor, spam, duplicate): the reason, then the
    confirmation."""

    nomination_id: int
    reason: VoidReason
    confirmed: bool = False


class InvitesCb(CallbackData, prefix="iv"):
    """A page of the open invitation links (/invites)."""

    page: int = 0


class InviteCancelCb(CallbackData, prefix="ix"):
    """Cancel an open invitation link, named by its token's first characters."""

    token: str
    page: int = 0  # the page of the list to go back to
    confirmed: bool = False  # the first press asks; only the confirmation cancels


# /privacy: a person withdrawing their consent to the processing of their personal data


class PrivacyAction(StrEnum):
    WITHDRAW = "withdraw"  # withdraw consent: the first press asks, the confirmation acts
    KEEP = "keep"  # "no" to the confirmation: nothing changes


class PrivacyCb(CallbackData, prefix="pv"):
    action: PrivacyAction
    confirmed: bool = False


# A voter's receipts


class ReceiptsCb(CallbackData, prefix="rc"):
    """The voter's receipts in a round (open or closed), sent as a message of their own."""

    round_id: int


# The database's integer columns are 32-bit (PostgreSQL's `integer`; SQLite refuses past 64
# bits): a number beyond them in a button's data is forged, and is refused before any handler
# or query sees it (`bot.middlewares.ForgedNumbers`). No button carries a Telegram id.
INT_RANGE = range(-(2**31), 2**31)
_LONG_NUMBER = re.compile(r"\d{10,}")  # nine digits always fit: only longer ones are read


@cache
def _int_positions() -> dict[str, tuple[tuple[int, str], ...]]:
    """Every CallbackData's prefix → the places and names of its integer fields."""
    found: dict[str, tuple[tuple[int, str], ...]] = {}
    classes: list[type[CallbackData]] = list(CallbackData.__subclasses__())
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        found[cls.__prefix__] = tuple(
            (place, name)
            for place, (name, field) in enumerate(cls.model_fields.items())
            if field.annotation in (int, int | None)
        )
    return found


def out_of_range(data: str) -> str | None:
    """The integer field of a button's data that no database column can hold, if any (as
    "prefix.field"); None for data of any other kind, which the handlers' filters judge."""
    if _LONG_NUMBER.search(data) is None:
        return None
    prefix, *parts = data.split(":")
    for place, name in _int_positions().get(prefix, ()):
        if place < len(parts):
            try:
                number = int(parts[place])
            except ValueError:
                continue
            if number not in INT_RANGE:
                return f"{prefix}.{name}"
    return None
