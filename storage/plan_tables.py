"""The campaign plan's tables: a loaded plan, its responsible bodies, items, due dates and
the officials' reports. (The rest of the schema is `storage.models`.)"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from domain.reminders import ReportStatus
from storage.models import Base, EnumText, UtcDateTime


class CampaignPlan(Base):
    """A loaded plan; the same document re-based onto another start is another campaign."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("title", "period_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    shifted_days: Mapped[int] = mapped_column(Integer, default=0)
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime)
    # The decree that approves the plan, as the document gives it (dates not re-based).
    decree: Mapped[str | None] = mapped_column(Text)  # "Об утверждении Плана …"
    decree_act: Mapped[str | None] = mapped_column(String(300))  # "Распоряжение … секретаря …"
    decree_date: Mapped[date | None] = mapped_column(Date)
    decree_number: Mapped[str | None] = mapped_column(String(40))
    controller: Mapped[str | None] = mapped_column(Text)  # coordinates and controls the plan
    preamble: Mapped[str | None] = mapped_column(Text)  # the campaign's goal and tasks


class Agency(Base):
    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    short: Mapped[str] = mapped_column(String(200))
    region_code: Mapped[str | None] = mapped_column(String(32))
    # locale → {"name": …, "short": …} in the languages other than the plan's Russian
    translations: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSON)

    def named(self, locale: str, short: bool = True) -> str:
        """The agency as a reader of `locale` knows it (the plan's Russian where untranslated)."""
        field = "short" if short else "name"
        return ((self.translations or {}).get(locale) or {}).get(field) or (
            self.short if short else self.name
        )


class PlanItem(Base):
    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("plan_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(200))
    section_period: Mapped[str | None] = mapped_column(String(200))  # "ноябрь 2015 года"
    title: Mapped[str] = mapped_column(Text)
    form: Mapped[str] = mapped_column(Text)
    executors: Mapped[str] = mapped_column(Text)
    deadline: Mapped[str] = mapped_column(Text)
    # locale → {"title": …, "form": …, "deadline": …} in the languages other than the plan's
    # Russian
    translations: Mapped[dict[str, dict[str, str]] | None] = mapped_column(JSON)

    def text(self, locale: str, field: str = "title") -> str:
        """The item's title, form or deadline as a reader of `locale` reads it."""
        own = {"title": self.title, "form": self.form, "deadline": self.deadline}[field]
        return ((self.translations or {}).get(locale) or {}).get(field) or own


class ItemAgency(Base):
    __tablename__ = "item_agencies"

    item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id"), primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True, index=True)
    by_agreement: Mapped[bool] = mapped_column(Boolean, default=False)
    consolidates: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(String(300))


class DueDate(Base):
    __tablename__ = "due_dates"
    __table_args__ = (UniqueConstraint("item_id", "due", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id"), index=True)
    due: Mapped[date] = mapped_column(Date, index=True)
    period: Mapped[str] = mapped_column(String(32))
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)


class Report(Base):
    """An agency's report for one due date; done means accepted by a coordinator."""

    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    due_date_id: Mapped[int] = mapped_column(ForeignKey("due_dates.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), index=True)
    official_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    files: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[ReportStatus] = mapped_column(EnumText(ReportStatus, 16), index=True)
    comment: Mapped[str | None] = mapped_column(Text)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
