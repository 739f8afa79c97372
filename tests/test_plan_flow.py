"""The campaign plan through the bot: an official reports, a coordinator returns and then
accepts; another agency's official cannot report for it; re-importing adds nothing."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

from openpyxl import load_workbook
from sqlalchemy import func, select

from bot.callbacks import ReportCb
from domain.plan import parse_plan, translate
from storage import audit
from storage import plan as plan_store
from storage.plan_tables import Agency, DueDate, ItemAgency, PlanItem, Report
from tests.fixtures.charts import shown_in
from tests.fixtures.plan import REGIONS, SEED, at
from tests.fixtures.staff import accept, invite, join
from tests.flows import t
from tests.harness import ADMIN_ID


async def load(sessionmaker, clock, start=date(2026, 12, 1)):
    parsed = parse_plan(SEED.read_text(encoding="utf-8"), REGIONS)
    async with sessionmaker() as session:
        result = await plan_store.import_plan(session, parsed, clock(), start=start)
        await session.commit()
        return result


async def counts(sessionmaker) -> tuple[int, ...]:
    async with sessionmaker() as session:
        return tuple(
            [
                await session.scalar(select(func.count()).select_from(table))
                for table in (PlanItem, Agency, ItemAgency, DueDate)
            ]
        )


async def test_reimport_adds_nothing_and_start_makes_a_new_campaign(sessionmaker, clock):
    first = await load(sessionmaker, clock)
    before = await counts(sessionmaker)
    again = await load(sessionmaker, clock)
    assert (first.created, again.created, again.plan.id) == (True, False, first.plan.id)
    assert before[:2] == (28, 37)
    assert await counts(sessionmaker) == before
    other = await load(sessionmaker, clock, start=date(2027, 6, 1))
    assert other.created and other.plan.id != first.plan.id
    assert other.plan.period_start == date(2027, 6, 1)
    after = await counts(sessionmaker)
    assert after[0] == 56 and after[1] == 37  # items per campaign, agencies shared


async def test_an_official_reports_and_a_coordinator_reviews(
    app, texts, sessionmaker, clock, charts
):
    await load(sessionmaker, clock)
    admin = app.person(ADMIN_ID, language_code="en")
    coordinator = await join(app, texts, admin, 41, "en", "coordinator")
    official = app.person(42, language_code="ru", name="Асель")
    payload = await invite(admin, texts, "official", "МИР")
    sent = await accept(official, payload)
    assert sent[0].text.startswith(t(texts, "ru", "invitation-accepted"))
    assert f"• {t(texts, 'ru', 'role-official')} (МИР)" in sent[0].text

    sent = await official.send("/plan")
    mir = "Министерство по инвестициям и развитию Республики Казахстан"
    assert sent[-1].text.splitlines() == [
        t(texts, "ru", "plan-title", agency=mir),
        t(texts, "ru", "plan-groups", overdue=0, soon=22, done=0),
        "",
        t(texts, "ru", "plan-group-soon"),
        t(texts, "ru", "plan-page", page=1, pages=3),
    ]
    first_button = t(texts, "ru", "plan-item-next", number=1, due="16.12.2026", mark="⏳")
    # The nearest due date first, eight to a page, then paging and the three groups.
    assert sent[-1].buttons[0] == first_button
    assert sent[-1].buttons[8:] == ["▶️", "❗ 0", "· ⏳ 22 ·", "✅ 0"]
    await official.press("▶️")
    assert official.last.text.endswith(t(texts, "ru", "plan-page", page=2, pages=3))
    assert official.last.buttons[8:10] == ["◀️", "▶️"]
    await official.press("◀️")
    sent = await official.press(first_button)
    assert sent[-1].text.startswith("Пункт 1. Разработать брендбук Кампании")
    sent = await official.press(t(texts, "ru", "plan-report-for", due="16.12.2026"))
    assert sent[-1].text == t(texts, "ru", "plan-report-text", min=10, max=3000)
    sent = await official.send("кратко")
    assert sent[-1].text == t(texts, "ru", "form-error-too-short", limit=10, length=6)
    await official.send("Брендбук разработан и утверждён, макеты переданы в регионы.")
    await official.send_document("brandbook-pdf")
    sent = await official.press(t(texts, "ru", "plan-report-submit"))
    assert sent[-1].text == t(texts, "ru", "plan-report-sent")
    assert coordinator.last.text == t(
        texts, "en", "report-arrived", number=1, agency="МИР", due="16 December 2026"
    )

    await coordinator.send("/reports")
    sent = await coordinator.press("№1 · МИР · 16.12.2026")
    assert "Брендбук разработан и утверждён" in sent[-1].text
    await coordinator.press(t(texts, "en", "review-return"))
    await coordinator.send("Приложите утверждённую версию")
    assert official.last.text == t(
        texts,
        "ru",
        "report-returned",
        number=1,
        due="16 декабря 2026 г.",
        comment="Приложите утверждённую версию",
    )

    sent = await official.send("/plan")
    await official.press(t(texts, "ru", "plan-item-next", number=1, due="16.12.2026", mark="↩️"))
    await official.press(t(texts, "ru", "plan-report-for", due="16.12.2026"))
    await official.send("Брендбук утверждён приказом, версия приложена.")
    await official.press(t(texts, "ru", "plan-report-submit"))
    await coordinator.send("/reports")
    await coordinator.press("№1 · МИР · 16.12.2026")
    sent = await coordinator.press(t(texts, "en", "review-accept"))
    assert sent[-1].text == t(texts, "en", "review-accepted")
    assert official.last.text == t(
        texts, "ru", "report-accepted", number=1, due="16 декабря 2026 г."
    )

    # The overview, a day after the due date: item 1 done for МИР, the rest overdue.
    clock.now = at(date(2026, 12, 17))
    sent = await official.send("/plan")
    assert t(texts, "ru", "plan-groups", overdue=6, soon=15, done=1) in sent[-1].text
    assert t(texts, "ru", "plan-group-overdue") in sent[-1].text  # what is late comes first
    assert sent[-1].buttons[:6] == [
        t(texts, "ru", "plan-item-next", number=n, due="16.12.2026", mark="❗")
        for n in (2, 3, 4, 5, 6, 12)
    ]
    await official.press("✅ 1")
    assert official.last.buttons[0] == t(texts, "ru", "plan-item-done", number=1)
    sent = await coordinator.send("/overview")
    overview = "\n".join(s.text for s in sent)
    async with sessionmaker() as session:
        mir_dues = sum(1 for ob in await plan_store.obligations(session) if ob.agency == "МИР")
    # Done: item 1. Overdue: items 2-6 and 12, due on the 16th. Everything else is pending.
    assert (
        t(texts, "en", "overview-agency", agency="МИР", done=1, pending=mir_dues - 7, overdue=6)
        in overview
    )
    assert "№2 · МИР · 16.12.2026" in overview
    # The same figures as a chart: a bar per agency, and the due dates met over time.
    picture = sent[-1]
    assert picture.text == t(texts, "en", "chart-plan-title")
    drawn = shown_in(charts, picture.method.photo.data)
    assert drawn["labels"]["done"] == t(texts, "en", "chart-plan-done")
    shown = {
        line.rsplit(": ", 1)[0]: [int(n) for n in line.rsplit(": ", 1)[1].split(" / ")]
        for line in overview.splitlines()
        if re.fullmatch(r".+: \d+ / \d+ / \d+", line)
    }
    assert len(shown) == 37
    assert {name: counts for name, *counts in drawn["agencies"]} == shown
    assert shown["МИР"] == [1, mir_dues - 7, 6]
    async with sessionmaker() as session:
        come = sum(ob.due <= date(2026, 12, 17) for ob in await plan_store.obligations(session))
    # By the 17th: every obligation due on the 16th has come; one of them (item 1) was met.
    assert drawn["burndown"] == [["2026-12-16", come, 1]]
    # The decree makes the department of internal policy the plan's controller.
    controller = "Отдел внутренней политики Администрации Президента Республики Казахстан"
    assert t(texts, "en", "overview-controller", controller=controller) in overview
    sent = await coordinator.press(t(texts, "en", "desk-export", format="XLSX"))
    rows = list(load_workbook(io.BytesIO(sent[-1].method.document.data)).active.values)
    assert rows[0] == (
        "Item",
        "Action",
        "Responsible body",
        "Due",
        "Period",
        "Status",
        "Reported",
        "Coordinator’s comment",
    )
    # Dates are dates in the spreadsheet, shown as the interface writes them.
    mine = [r for r in rows[1:] if r[2] == "МИР" and r[3] == datetime(2026, 12, 16)]
    sheet = load_workbook(io.BytesIO(sent[-1].method.document.data)).active
    assert sheet["D2"].number_format == "DD.MM.YYYY"
    assert [r[5] for r in mine if r[0] == 1] == ["report accepted"]
    async with sessionmaker() as session:
        reports = (await session.scalars(select(Report).order_by(Report.id))).all()
        assert [r.status for r in reports] == ["returned", "accepted"]
        assert reports[0].files == [{"file_id": "brandbook-pdf", "kind": "document"}]
        assert (await audit.verify(session))[1] is None


async def test_an_official_of_another_agency_cannot_report_for_this_one(
    app, texts, sessionmaker, clock
):
    await load(sessionmaker, clock)
    admin = app.person(ADMIN_ID, language_code="en")
    payload = await invite(admin, texts, "official", "МОН")
    official = app.person(43, language_code="en")
    await accept(official, payload)
    async with sessionmaker() as session:
        mir = await session.scalar(select(Agency.id).where(Agency.short == "МИР"))
        mon = await session.scalar(select(Agency.id).where(Agency.short == "МОН"))
        # Item 2 is МИР's, not МОН's.
        item2 = await session.scalar(select(PlanItem.id).where(PlanItem.number == 2))
        due2 = await session.scalar(select(DueDate.id).where(DueDate.item_id == item2))
    for data in (
        ReportCb(agency_id=mir, due_date_id=due2),
        ReportCb(agency_id=mon, due_date_id=due2),
    ):
        sent = await official.press_data(data.pack(), on=official.last)
        assert sent == [] and official.last_answer.text == t(texts, "en", "no-access")
    citizen = app.person(44, language_code="en")
    for command in ("/plan", "/reports", "/overview"):
        assert (await citizen.send(command))[-1].text == t(texts, "en", "no-access")
    async with sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Report)) == 0


TRANSLATIONS = SEED.with_suffix(".translations.toml")


def test_the_shipped_translations_fit_the_plan_and_are_in_their_languages():
    plan = parse_plan(SEED.read_text(encoding="utf-8"), REGIONS)
    translated = translate(plan, TRANSLATIONS.read_text(encoding="utf-8"), str(TRANSLATIONS))
    texts = [
        (locale, text)
        for item in translated.items
        for locale, fields in item.translations.items()
        for text in fields.values()
    ] + [
        (locale, text)
        for item in translated.items
        for ref in item.agencies
        for locale, fields in ref.translations.items()
        for text in fields.values()
    ]
    assert {locale for locale, _ in texts} == {"kk", "en"}
    cyrillic = re.compile("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
    assert not [text for locale, text in texts if locale == "en" and cyrillic.search(text)]
    kazakh = set("әғқңөұүһі")
    long_kk = [text for locale, text in texts if locale == "kk" and len(text.split()) >= 6]
    assert long_kk and all(kazakh & set(text.lower()) for text in long_kk)


async def test_each_reader_sees_the_plan_in_their_own_language(app, texts, sessionmaker, clock):
    plan = parse_plan(SEED.read_text(encoding="utf-8"), REGIONS)
    translated = translate(plan, TRANSLATIONS.read_text(encoding="utf-8"), str(TRANSLATIONS))
    async with sessionmaker() as session:
        await plan_store.import_plan(session, translated, clock(), start=date(2026, 12, 1))
        await session.commit()
    admin = app.person(ADMIN_ID, language_code="en")
    coordinator = await join(app, texts, admin, 41, "en", "coordinator")
    official = app.person(42, language_code="kk", name="Асель")
    # The admin (English) picks the agency by its English short name.
    payload = await invite(admin, texts, "official", "MID")
    await accept(official, payload)

    sent = await official.send("/plan")
    mir_kk = "Қазақстан Республикасының Инвестициялар және даму министрлігі"
    assert sent[-1].text.startswith(t(texts, "kk", "plan-title", agency=mir_kk))
    sent = await official.press(
        t(texts, "kk", "plan-item-next", number=1, due="16.12.2026", mark="⏳")
    )
    item = sent[-1].text
    assert item.startswith("1-тармақ. Науқанның брендбугін")
    assert "брендбук; ҚР Президенті Әкімшілігіне ақпарат" in item
    # A re-based plan shows its computed dates, not the plan's own "к 16 ноября 2015 года".
    assert "2015" not in item and "16.12.2026" in item

    await official.press(t(texts, "kk", "plan-report-for", due="16.12.2026"))
    await official.send("Брендбук әзірленді және бекітілді, макеттер өңірлерге жіберілді.")
    await official.press(t(texts, "kk", "plan-report-submit"))
    # The coordinator reads English: the agency's English short name, the date in words.
    assert coordinator.last.text == t(
        texts, "en", "report-arrived", number=1, agency="MID", due="16 December 2026"
    )
    clock.now = at(date(2026, 12, 17))
    overview = "\n".join(s.text for s in await coordinator.send("/overview"))
    assert "Akimat of Abai Region" not in overview  # short names in the table...
    assert "Abai Region Akimat: 0 / " in overview  # ...in English
    assert "ИДМ" not in overview and "MID: " in overview
