"""Reading the seed plan in its own text layout: its items and agencies, the decree around
it, and what makes a file whole (a file cut short is refused, naming the line)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from domain.deadlines import due_dates
from domain.plan import (
    Decree,
    PlanConflict,
    PlanFormatError,
    TranslationsError,
    agency_key,
    parse_plan,
    translate,
)
from storage import plan as plan_store
from storage.plan_tables import Agency, DueDate, PlanItem
from tests.fixtures.plan import (
    END_OF_ITEM_26,
    OVP,
    REGIONS,
    SEED_LINES,
    head,
    translations_for,
    without_items_27_28,
)

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`


def named(item):
    return {
        a.short: (a.by_agreement, a.consolidates, a.note)
        for a in item.agencies
        if not a.region_code
    }


def test_items_and_sections(plan):
    assert (
        plan.title
        == "ПЛАН МЕРОПРИЯТИЙ общенациональной информационной кампании «Нация Единого Будущего»"
    )
    assert (plan.period.start, plan.period.end) == (date(2015, 11, 1), date(2016, 12, 31))
    assert [item.number for item in plan.items] == list(range(1, 29))
    assert plan.sections == ["ПОДГОТОВИТЕЛЬНЫЙ ПЕРИОД", "II. РЕАЛИЗАЦИОННЫЙ ПЕРИОД"]
    assert {item.number for item in plan.items if item.section == plan.sections[0]} == set(
        range(1, 11)
    )
    first = plan.items[0]
    assert first.title.startswith("Разработать брендбук Кампании (логотип, слоганы")
    assert first.form == "брендбук; информация в АП"
    assert first.deadline == "до 16 ноября 2015 года"


def test_agencies_with_their_marks(plan):
    # "СЦК (по согласованию) МИР": no comma, still two agencies.
    assert named(plan.items[0]) == {
        "МКС": (False, False, None),
        "МОН": (False, False, None),
        "МЗСР": (False, False, None),
        "РГУ «Қоғамдық келісім»": (False, False, None),
        "СЦК": (True, False, None),
        "МИР": (False, False, None),
    }
    assert named(plan.items[8]) == {"МИР": (False, True, None)}  # (свод)
    assert named(plan.items[10]) == {
        "МИР": (False, False, None),
        "АО «РТРК «Казахстан»": (False, False, None),
        "АО «Агентство «Хабар»": (False, False, None),
        "электронные СМИ, выполняющие государственный информационный заказ": (True, False, None),
    }
    assert named(plan.items[20])["МИР"] == (False, False, "размещение")
    assert named(plan.items[20])["КИСИ"] == (False, False, None)
    item24 = named(plan.items[23])
    assert item24["МИР"] == (False, False, "разработка сетевого графика наполнения")
    assert item24["МОН"] == item24["МВД"] == (False, False, "наполнение")
    assert item24["РГУ «Қоғамдық келісім»"] == (True, False, "наполнение")  # spelt «Қогамдық» there


def test_abbreviations_are_spelt_out(plan):
    names = {a.short: a.name for item in plan.items for a in item.agencies}
    assert names["МИР"] == "Министерство по инвестициям и развитию Республики Казахстан"
    assert (
        names["КИСИ"]
        == "Казахстанский институт стратегических исследований при Президенте Республики Казахстан"
    )
    assert (
        names["РГУ «Қоғамдық келісім»"]
        == "Республиканское государственное учреждение «Қоғамдық келісім»"
    )
    # Not in the document's list, but the initials of the controller the decree names.
    assert names["ОВП"] == OVP
    assert names["АО «РТРК «Казахстан»"] == "АО «РТРК «Казахстан»"  # no list entry: as written
    assert agency_key("РГУ «Қогамдық келісім»") == agency_key("РГУ «Қоғамдық келісім»")


def test_the_decree_around_the_plan(plan):
    assert plan.decree == Decree(
        title="Об утверждении Плана мероприятий общенациональной информационной кампании "
        '"Нация Единого Будущего"',
        act="Распоряжение Государственного секретаря Республики Казахстан",
        signed=date(2015, 10, 30),
        number="10",
    )
    assert plan.controller == OVP
    assert plan.preamble is not None
    assert plan.preamble.startswith("Целью общенациональной информационной кампании")
    assert plan.preamble.splitlines()[1].startswith("Задачами Кампании являются")
    periods = {item.section: item.section_period for item in plan.items}
    assert periods == {
        "ПОДГОТОВИТЕЛЬНЫЙ ПЕРИОД": "ноябрь 2015 года",
        "II. РЕАЛИЗАЦИОННЫЙ ПЕРИОД": "ноябрь 2015 года - декабрь 2016 года",
    }


def test_a_controller_named_by_abbreviation_is_spelt_out():
    text = "".join(
        line.replace(OVP, "МКС") if "возложить на" in line else line for line in SEED_LINES
    )
    plan = parse_plan(text, REGIONS)
    assert plan.controller == "Министерство культуры и спорта Республики Казахстан"
    names = {a.short: a.name for item in plan.items for a in item.agencies}
    assert names["ОВП"] == "ОВП"  # nothing spells it out any more: kept as written


def test_a_plan_without_a_decree_has_none():
    text = "".join(SEED_LINES[27:])  # from line 28, "ПЛАН МЕРОПРИЯТИЙ", on
    assert text.startswith("ПЛАН МЕРОПРИЯТИЙ")
    plan = parse_plan(text, REGIONS)
    assert (plan.decree, plan.controller) == (Decree(), None)
    assert len(plan.items) == 28


def test_a_file_cut_at_an_item_boundary_is_refused_at_its_last_line():
    assert SEED_LINES[238] == "\t26.\n"
    assert SEED_LINES[END_OF_ITEM_26 - 1].startswith("\tс 16 ноября 2015 года, далее")
    assert SEED_LINES[END_OF_ITEM_26 + 1] == "\t27.\n"
    with pytest.raises(PlanFormatError) as raised:
        parse_plan(head(END_OF_ITEM_26), REGIONS)
    assert (raised.value.line, raised.value.reason) == (
        245,
        "the file ends at item 26 without the abbreviation list "
        "(«Примечание: расшифровка аббревиатур»): it may be cut short",
    )
    # Cut inside item 27: the item itself says so.
    with pytest.raises(PlanFormatError) as raised:
        parse_plan(head(250), REGIONS)
    assert (raised.value.line, raised.value.reason) == (
        247,
        "item 27 needs five cells: number, title, form, executors, deadline",
    )
    # Cut under a section heading.
    with pytest.raises(PlanFormatError) as raised:
        parse_plan(head(140), REGIONS)
    assert (raised.value.line, raised.value.reason) == (
        138,
        "section «II. РЕАЛИЗАЦИОННЫЙ ПЕРИОД» has no items",
    )
    # With its list kept, the same 26 items read as a plan: only the loaded one can tell.
    assert len(parse_plan(without_items_27_28(), REGIONS).items) == 26


def declaring(text: str, declaration: str) -> tuple[str, int]:
    """The text with a last line declaring its item count, and that line's number."""
    text = f"{text.rstrip()}\n{declaration}\n"
    return text, len(text.splitlines())


def test_a_declared_item_count_must_be_met():
    whole, _ = declaring(head(len(SEED_LINES)), "Всего мероприятий: 28")
    plan = parse_plan(whole, REGIONS)
    assert len(plan.items) == 28
    assert plan.abbreviations["ЦГО"] == "центральные государственные органы"

    cut, line = declaring(without_items_27_28(), "Итого: 28 мероприятий")
    with pytest.raises(PlanFormatError) as raised:
        parse_plan(cut, REGIONS)
    assert (raised.value.line, raised.value.reason) == (
        239,  # item 26, the last
        f"the file ends at item 26 but declares 28 items (line {line}): it may be cut short",
    )
    more, line = declaring(head(len(SEED_LINES)), "Всего мероприятий: 27")
    with pytest.raises(PlanFormatError) as raised:
        parse_plan(more, REGIONS)
    assert (raised.value.line, raised.value.reason) == (
        253,  # item 28
        f"item 28 is beyond the 27 items the file declares (line {line})",
    )


def test_akimats_of_every_region_and_city(plan):
    akimats = [a for a in plan.items[1].agencies if a.region_code]
    assert len(akimats) == 20
    assert {a.region_code for a in akimats} == {r.code for r in REGIONS}
    assert not any(a.region_code for a in plan.items[0].agencies)
    # Named as each language names them.
    names = {a.region_code: (a.name, a.translations) for a in akimats}
    assert names["abai"] == (
        "Акимат области Абай",
        {
            "kk": {"name": "Абай облысының әкімдігі", "short": "Абай облысы әкімдігі"},
            "en": {"name": "Akimat of Abai Region", "short": "Abai Region Akimat"},
        },
    )
    assert names["akmola"][0] == "Акимат Акмолинской области"
    assert names["shymkent_city"][0] == "Акимат города Шымкент"
    assert names["almaty_city"][1]["kk"]["name"] == "Алматы қаласының әкімдігі"
    assert names["almaty_city"][1]["en"]["name"] == "Akimat of Almaty City"
    assert names["almaty_region"][1]["en"]["short"] == "Almaty Region Akimat"


def test_every_item_has_due_dates_inside_the_plan_or_just_after(plan):
    for item in plan.items:
        dues = due_dates(item.rule, plan.period)
        assert dues, item.number
        assert all(plan.period.start <= d.due <= date(2017, 1, 5) for d in dues), item.number
    assert len(due_dates(plan.items[10].rule, plan.period)) == 6


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("Hello\nthis is a letter\n", 1, "no '(срок реализации: …)' line: this is not a plan"),
        (
            "ПЛАН\n(срок реализации: ноябрь 2015 года - декабрь 2016 года)\n",
            2,
            "no numbered items found after the period line",
        ),
        (
            "ПЛАН\n(срок реализации: ноябрь 2015 года - декабрь 2016 года)\n\tПЕРИОД ПЕРВЫЙ\n\t1.\n\tT\n\tF\n\tМИР\n\tкогда-нибудь\n",
            8,
            "item 1: cannot read the deadline «когда-нибудь»",
        ),
        (
            "ПЛАН\n(срок реализации: ноябрь 2015 года - декабрь 2016 года)\n\tПЕРИОД ПЕРВЫЙ\n\t2.\n",
            4,
            "item 2 follows item 0",
        ),
        (
            "ПЛАН\n(срок реализации: ноябрь 2015 года - декабрь 2016 года)\n\tПЕРИОД ПЕРВЫЙ\n\tПЕРИОД ВТОРОЙ\n\t1.\n\tT\n\tF\n\tМИР\n\tдо 16 ноября 2015 года\n",
            3,
            "section «ПЕРИОД ПЕРВЫЙ» has no items",
        ),
        (
            "ПЛАН\n(срок реализации: ноябрь 2015 года - декабрь 2016 года)\n\tПЕРИОД ПЕРВЫЙ\n\t1.\n\tT\n\tF\n\tМИР\n\tдо 16 ноября 2015 года\n",
            8,
            "the file ends at item 1 without the abbreviation list («Примечание: расшифровка аббревиатур»): it may be cut short",
        ),
        (
            "ПЛАН\n(срок реализации: ноябрь 2015 года - декабрь 2016 года)\n\tПЕРИОД ПЕРВЫЙ\n\t1.\n\tT\n\tF\n\tМИР\n\tдо 16 ноября 2015 года\nПримечание: расшифровка аббревиатур:\n\n",
            10,
            "the abbreviation list is empty: the file may be cut short",
        ),
        (
            "Распоряжение от 31 февраля 2015 года № 3\nПЛАН\n(срок реализации: ноябрь 2015 года - декабрь 2016 года)\n",
            1,
            "the decree's date «31 февраля 2015» does not exist",
        ),
    ],
)
def test_not_a_plan_names_the_line(text, line, reason):
    with pytest.raises(PlanFormatError) as raised:
        parse_plan(text, REGIONS)
    assert (raised.value.line, raised.value.reason) == (line, reason)


async def test_an_item_with_reports_is_never_removed(sessionmaker, clock):
    """Even with replace: its reports would lose their due date."""
    async with sessionmaker() as session:
        first = await plan_store.import_plan(
            session, parse_plan(head(len(SEED_LINES)), REGIONS), clock()
        )
        due = await session.scalar(
            select(DueDate)
            .join(PlanItem, PlanItem.id == DueDate.item_id)
            .where(PlanItem.plan_id == first.plan.id, PlanItem.number == 28)
            .order_by(DueDate.due)
        )
        mir = await session.scalar(select(Agency.id).where(Agency.short == "МИР"))
        await plan_store.submit_report(session, due, mir, 7, "Репортажи вышли", [], clock())
        await session.commit()

    shorter = parse_plan(without_items_27_28(), REGIONS)
    async with sessionmaker() as session:
        with pytest.raises(PlanConflict) as raised:
            await plan_store.import_plan(session, shorter, clock(), replace=True)
        await session.rollback()
    assert (raised.value.line, raised.value.reason) == (
        239,
        "the file ends at item 26, but the loaded plan's item 28 (not in the file) has "
        "reports: an item reported on is never removed",
    )
    async with sessionmaker() as session:
        numbers = list(await session.scalars(select(PlanItem.number).order_by(PlanItem.number)))
        assert numbers == list(range(1, 29))
        # The same file again changes nothing, and says so.
        again = await plan_store.import_plan(
            session, parse_plan(head(len(SEED_LINES)), REGIONS), clock()
        )
        assert (again.created, again.difference.empty, again.difference.loaded) == (False, True, 28)


def test_a_translations_file_gives_items_and_agencies_their_kazakh_and_english(plan):
    translated = translate(plan, translations_for(plan), "plan.translations.toml")
    item = translated.items[0]
    assert item.translations == {
        "kk": {"title": "1-тармақтың атауы", "form": "1-тармақтың аяқталу нысаны"},
        "en": {"title": "Title of item 1", "form": "Form of item 1"},
    }
    mir = next(r for r in translated.items[1].agencies if r.short == "МИР")
    assert mir.translations["kk"] == {"name": "МИР (толық атауы)", "short": "МИР kk"}
    akimat = next(r for r in translated.items[1].agencies if r.region_code == "abai")
    assert akimat.translations["kk"]["name"] == "Абай облысының әкімдігі"  # from the regions


@pytest.mark.parametrize(
    ("change", "line", "reason"),
    [
        ({"skip_item": 28}, None, "item 28 is not translated"),
        ({"extra_agency": "МЮ"}, "МЮ", "no agency «МЮ» in the plan"),
    ],
)
def test_a_translations_file_that_does_not_fit_the_plan_is_refused(plan, change, line, reason):
    text = translations_for(plan, **change)
    with pytest.raises(TranslationsError) as refused:
        translate(plan, text, "plan.translations.toml")
    assert refused.value.reason == reason
    assert refused.value.path == "plan.translations.toml"
    if line is not None:
        assert line in text.splitlines()[refused.value.line - 1]


def test_a_translation_without_one_of_its_texts_is_refused(plan):
    text = translations_for(plan).replace('form.en = "Form of item 3"\n', "")
    with pytest.raises(TranslationsError) as refused:
        translate(plan, text, "t.toml")
    assert refused.value.reason == "[items.3]: no form.en"
    assert text.splitlines()[refused.value.line - 1] == "[items.3]"
