"""Reading the seed plan in its own text layout."""

from __future__ import annotations

from datetime import date

import pytest

from bot.config import PROJECT_ROOT
from domain.deadlines import due_dates
from domain.plan import PlanFormatError, agency_key, parse_plan
from domain.regions import load_regions

SEED = PROJECT_ROOT / "data" / "plan_nation_of_common_future.txt"
REGIONS = load_regions(PROJECT_ROOT / "data" / "regions_kz.csv")


@pytest.fixture(scope="module")
def plan():
    return parse_plan(SEED.read_text(encoding="utf-8"), REGIONS)


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
    assert names["ОВП"] == "ОВП"  # not in the document's list: kept as written
    assert agency_key("РГУ «Қогамдық келісім»") == agency_key("РГУ «Қоғамдық келісім»")


def test_akimats_of_every_region_and_city(plan):
    akimats = [a for a in plan.items[1].agencies if a.region_code]
    assert len(akimats) == 20
    assert {a.region_code for a in akimats} == {r.code for r in REGIONS}
    assert "Акимат: город Шымкент" in {a.name for a in akimats}
    assert not any(a.region_code for a in plan.items[0].agencies)


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
    ],
)
def test_not_a_plan_names_the_line(text, line, reason):
    with pytest.raises(PlanFormatError) as raised:
        parse_plan(text, REGIONS)
    assert (raised.value.line, raised.value.reason) == (line, reason)
