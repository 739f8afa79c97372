"""A voter finds a candidate by name among many, and reads the round as a list of lines (name,
region, sphere) beside the cards: end to end, through the real dispatcher and database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import update

from bot.callbacks import ListCb, SearchCb
from bot.render import excerpt
from config import PROJECT_ROOT
from domain.collation import sort_key
from domain.nomination import Achievement, Sphere
from domain.regions import load_regions
from storage import voting as store
from storage.models import Nomination, RoleGrant, User
from tests.fixtures.vote import WG, verified
from tests.flows import STORY, store_nomination, t

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

REGIONS = ("almaty_city", "astana_city", "karaganda", "abai")
SPHERES = tuple(Sphere)
SURNAMES = (
    "Ахметов",
    "Бекова",
    "Ғалымов",
    "Жұмабаева",
    "Иванов",
    "Қасымова",
    "Нұрланов",
    "Оспанова",
    "Серіков",
    "Төлеуова",
)
FIRST_NAMES = ("Ерлан", "Дана", "Тимур", "Әсел", "Арман", "Гүлнар")
# Sixty people: ten surnames by six first names (with the surname's gender), among them the
# ones the tests look for.
WANTED = "Сапарова Айгерім Нұрланқызы"
NAMESAKE = "Сапаров Ерлан Серікұлы"  # shares the start of her surname
WITH_YO = "Королёва Алёна"
OTHERS = [
    f"{surname}{'а' if index % 2 and not surname.endswith('а') else ''} {first}"
    for surname in SURNAMES
    for index, first in enumerate(FIRST_NAMES)
]
NAMES = [WANTED, NAMESAKE, WITH_YO, *OTHERS[:57]]
REGION_NAMES = {
    region.code: region for region in load_regions(PROJECT_ROOT / "data/regions_kz.csv")
}


def person_at(index: int) -> tuple[str, str, Sphere]:
    return NAMES[index], REGIONS[index % len(REGIONS)], SPHERES[index % len(SPHERES)]


PEOPLE = [person_at(index) for index in range(len(NAMES))]
# Card order: by name, the Kazakh way, then by id (the order they were made in).
ORDER = sorted(range(len(PEOPLE)), key=lambda index: (sort_key(PEOPLE[index][0]), index))


@pytest.fixture
async def crowd(app, sessionmaker, clock, texts):
    """Sixty candidates in a voting round that is open now."""
    now = clock()
    for index, (name, region, sphere) in enumerate(PEOPLE):
        await store_nomination(
            sessionmaker,
            800,
            now,
            region,
            full_name=name,
            birth_date=date(1980, 1 + index % 12, 1 + index % 28),
            gender="f" if name.split()[0].endswith("а") else "m",
            sphere=sphere,
            achievements=(Achievement("Маңызды жетістікке қол жеткізді", 2010),),
            photo_file_id=None,
        )
    async with sessionmaker() as session:
        await session.execute(update(Nomination).values(status="on_vote"))
        session.add(User(id=WG, first_name="WG", telegram_language="en", created_at=now))
        await session.flush()
        session.add(RoleGrant(user_id=WG, role="wg", scope="", granted_at=now))
        await session.commit()
    wg = app.person(WG, language_code="en")
    await wg.send("/round")
    await wg.press(t(texts, "en", "round-new"))
    await wg.send("22.11.2026 09:00 - 29.11.2026 18:00")
    async with sessionmaker() as session:
        return await store.active_round(session)


def card_of(texts, locale: str, name: str) -> str:
    """The head of a candidate's card as the voter reads it."""
    index = NAMES.index(name)
    _, region, sphere = PEOPLE[index]
    return t(
        texts,
        locale,
        "vote-card",
        position=ORDER.index(index) + 1,
        total=len(PEOPLE),
        name=name,
        region=REGION_NAMES[region].name(locale),
        sphere=t(texts, locale, f"choice-sphere-{sphere}"),
        story=excerpt(STORY["kk"], 500),
    )


def line_of(texts, locale: str, index: int, position: int) -> str:
    name, region, sphere = PEOPLE[index]
    return t(
        texts,
        locale,
        "vote-list-line",
        number=position + 1,
        name=name,
        region=REGION_NAMES[region].name(locale),
        sphere=t(texts, locale, f"choice-sphere-{sphere}"),
    )


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_a_voter_finds_a_candidate_by_name_among_sixty(app, texts, crowd, locale):
    voter, card = await verified(app, texts, 90, locale)
    assert t(texts, locale, "vote-search") in card.buttons
    assert t(texts, locale, "vote-view-list") in card.buttons

    # The search button asks for a name in place of the card.
    await voter.press(t(texts, locale, "vote-search"))
    assert voter.last.message_id == card.message_id
    assert voter.last.text == t(texts, locale, "vote-search-ask")
    # Words in another order and another case: her card, with its vote button.
    sent = await voter.send("айгерім САПАРОВА")
    assert sent[-1].text.startswith(card_of(texts, locale, WANTED))
    assert sent[-1].buttons[0] == t(texts, locale, "vote-cast")
    # The search is over: the next text is no search.
    sent = await voter.send("Сапарова")
    assert sent[-1].text == t(texts, locale, "unknown-message")

    # Several match the start of a word: a list of them, each opening its card.
    await voter.press(t(texts, locale, "vote-search"))
    sent = await voter.send("сапаров")
    found = sorted((NAMES.index(WANTED), NAMES.index(NAMESAKE)), key=ORDER.index)
    assert sent[-1].text == (
        t(texts, locale, "vote-search-found", query="сапаров", count=2)
        + "\n\n"
        + "\n".join(line_of(texts, locale, index, ORDER.index(index)) for index in found)
    )
    numbers = [str(ORDER.index(index) + 1) for index in found]
    assert sent[-1].buttons == [
        *numbers,
        t(texts, locale, "vote-search-again"),
        t(texts, locale, "vote-view-cards"),
    ]
    await voter.press(numbers[1])
    assert voter.last.text.startswith(card_of(texts, locale, PEOPLE[found[1]][0]))


async def test_search_folds_case_yo_and_kazakh_letters_typed_on_a_russian_keyboard(
    app, texts, crowd
):
    voter, _ = await verified(app, texts, 91, "ru")
    # ё/е and the order of words, as for duplicates; і typed as и.
    for typed, name in (
        ("алена королева", WITH_YO),
        ("Айгерим Нурланкызы", WANTED),
        ("ерлан  СЕРІК сапаров", NAMESAKE),
    ):
        await voter.press(t(texts, "ru", "vote-search"))
        sent = await voter.send(typed)
        assert sent[-1].text.startswith(card_of(texts, "ru", name)), typed
    # `/vote <name>` searches too.
    sent = await voter.send("/vote КОРОЛЁВА")
    assert sent[-1].text.startswith(card_of(texts, "ru", WITH_YO))


async def test_many_matches_show_the_first_ten_and_ask_for_more(app, texts, crowd):
    voter, _ = await verified(app, texts, 92, "en")
    sent = await voter.send("/vote ов")
    matching = [index for index in ORDER if "ов" in PEOPLE[index][0].lower()]
    assert len(matching) > 10
    text = sent[-1].text
    assert text.startswith(
        t(texts, "en", "vote-search-found", query="ов", count=len(matching)) + "\n\n"
    )
    for index in matching[:10]:
        assert line_of(texts, "en", index, ORDER.index(index)) in text
    assert line_of(texts, "en", matching[10], ORDER.index(matching[10])) not in text
    assert text.endswith(t(texts, "en", "vote-search-more", shown=10))


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_nothing_found_and_the_way_back(app, texts, crowd, locale):
    voter, _ = await verified(app, texts, 93, locale)
    await voter.press(t(texts, locale, "vote-search"))
    sent = await voter.send("Zhanuzakov")
    assert sent[-1].text == t(texts, locale, "vote-search-none", query="Zhanuzakov")
    assert sent[-1].buttons == [
        t(texts, locale, "vote-search-again"),
        t(texts, locale, "vote-view-cards"),
    ]
    await voter.press(t(texts, locale, "vote-view-cards"))
    assert voter.last.text.startswith(card_of(texts, locale, PEOPLE[ORDER[0]][0]))

    # "Search again", then back to the cards from the question: typing is no search then.
    await voter.press(t(texts, locale, "vote-search"))
    await voter.press(t(texts, locale, "vote-view-cards"))
    assert voter.last.text.startswith(card_of(texts, locale, PEOPLE[ORDER[0]][0]))
    sent = await voter.send("Сапарова")
    assert sent[-1].text == t(texts, locale, "unknown-message")


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_bad_input_while_asked_for_a_name(app, texts, crowd, locale):
    voter, _ = await verified(app, texts, 94, locale)
    await voter.press(t(texts, locale, "vote-search"))
    sent = await voter.send_sticker()
    assert sent[-1].text == t(texts, locale, "vote-search-not-text")
    sent = await voter.send_voice()
    assert sent[-1].text == t(texts, locale, "vote-search-not-text")
    sent = await voter.send("Сапарова " * 12)
    assert sent[-1].text == t(texts, locale, "vote-search-too-long", limit=100)
    sent = await voter.send("... 123 !!!")
    assert sent[-1].text == t(texts, locale, "vote-search-empty")
    # Still asked: a name now finds her.
    sent = await voter.send("сапарова айгерім")
    assert sent[-1].text.startswith(card_of(texts, locale, WANTED))
    # A command is a command, not a name.
    await voter.press(t(texts, locale, "vote-search"))
    sent = await voter.send("/help")
    assert sent[-1].text == t(texts, locale, "help-text")


@pytest.mark.parametrize("locale", ["kk", "ru", "en"])
async def test_the_list_view_pages_and_keeps_the_filter(app, texts, crowd, locale):
    voter, card = await verified(app, texts, 95, locale)
    await voter.press(t(texts, locale, "vote-view-list"))
    listed = voter.last
    assert listed.message_id == card.message_id  # the same message, now a list
    first_page = ORDER[:10]
    assert listed.text == (
        t(texts, locale, "vote-list-title", first=1, last=10, total=60)
        + "\n\n"
        + "\n".join(
            line_of(texts, locale, index, position) for position, index in enumerate(first_page)
        )
    )
    assert listed.buttons == [
        t(texts, locale, "vote-filter-region"),
        t(texts, locale, "vote-filter-sphere"),
        *[str(number) for number in range(1, 11)],
        "▶️",
        t(texts, locale, "vote-search"),
        t(texts, locale, "vote-view-cards"),
    ]
    await voter.press("▶️")
    assert voter.last.text.startswith(
        t(texts, locale, "vote-list-title", first=11, last=20, total=60)
    )
    assert line_of(texts, locale, ORDER[10], 10) in voter.last.text

    # Filter by region in the list: fifteen in Almaty, two pages, the filter kept.
    almaty = REGION_NAMES["almaty_city"].name(locale)
    await voter.press(t(texts, locale, "vote-filter-region"))
    await voter.press(almaty)
    in_almaty = [index for index in ORDER if PEOPLE[index][1] == "almaty_city"]
    assert len(in_almaty) == 15
    assert voter.last.text == (
        t(texts, locale, "vote-list-title", first=1, last=10, total=15)
        + f"\n📍 {almaty}\n\n"
        + "\n".join(line_of(texts, locale, index, n) for n, index in enumerate(in_almaty[:10]))
    )
    await voter.press("▶️")
    assert voter.last.text == (
        t(texts, locale, "vote-list-title", first=11, last=15, total=15)
        + f"\n📍 {almaty}\n\n"
        + "\n".join(line_of(texts, locale, index, n + 10) for n, index in enumerate(in_almaty[10:]))
    )
    assert "◀️" in voter.last.buttons and "▶️" not in voter.last.buttons

    # A number opens that card, in Almaty still; the cards lead back to the list's page.
    await voter.press("12")
    name = PEOPLE[in_almaty[11]][0]
    assert name in voter.last.text
    assert voter.last.text.startswith(
        t(
            texts,
            locale,
            "vote-card",
            position=12,
            total=15,
            name=name,
            region=almaty,
            sphere=t(texts, locale, f"choice-sphere-{PEOPLE[in_almaty[11]][2]}"),
            story=excerpt(STORY["kk"], 500),
        )
    )
    await voter.press(t(texts, locale, "vote-cast"))  # voting stays on the card
    assert voter.last.buttons[0] == t(texts, locale, "vote-withdraw")
    await voter.press(t(texts, locale, "vote-view-list"))
    assert voter.last.text.startswith(
        t(texts, locale, "vote-list-title", first=11, last=15, total=15)
    )
    # The list marks whom the voter has voted for.
    assert "✅ " + line_of(texts, locale, in_almaty[11], 11) in voter.last.text
    await voter.press(t(texts, locale, "vote-view-cards"))
    assert voter.last.text.startswith(
        t(
            texts,
            locale,
            "vote-card",
            position=11,
            total=15,
            name=PEOPLE[in_almaty[10]][0],
            region=almaty,
            sphere=t(texts, locale, f"choice-sphere-{PEOPLE[in_almaty[10]][2]}"),
            story=excerpt(STORY["kk"], 500),
        )
    )
    # Every keyboard shown fits a phone (the harness measures them all).
    assert app.session.cut == []


async def test_a_filter_nobody_matches_in_the_list_view(app, texts, crowd):
    voter, _ = await verified(app, texts, 96, "en")
    await voter.press(t(texts, "en", "vote-view-list"))
    await voter.press(t(texts, "en", "vote-filter-region"))
    await voter.press(REGION_NAMES["shymkent_city"].name("en"))
    assert voter.last.text == t(texts, "en", "vote-none-found")
    await voter.press(t(texts, "en", "vote-filter-clear"))
    assert voter.last.text.startswith(t(texts, "en", "vote-list-title", first=1, last=10, total=60))


async def test_stale_and_forged_buttons_are_refused_quietly(app, texts, clock, crowd):
    vote_round = crowd
    voter, card = await verified(app, texts, 97, "en")
    # A round that does not exist: told voting is closed, nothing changes.
    await voter.press_data(ListCb(round_id=77).pack(), on=card)
    assert voter.last_answer.text == t(texts, "en", "vote-closed")
    await voter.press_data(SearchCb(round_id=77).pack(), on=card)
    assert voter.last_answer.text == t(texts, "en", "vote-closed")
    assert voter.last.text == card.text
    # A page far beyond the end shows the last page.
    await voter.press_data(ListCb(round_id=vote_round.id, page=999).pack(), on=card)
    assert voter.last.text.startswith(
        t(texts, "en", "vote-list-title", first=51, last=60, total=60)
    )
    # The round closes while the voter is asked for a name: the typed name is told so.
    await voter.press(t(texts, "en", "vote-search"))
    wg = app.person(WG, language_code="en")
    await wg.send("/round")
    await wg.press(t(texts, "en", "round-close"))
    await wg.press(t(texts, "en", "round-close-confirm"))
    sent = await voter.send("сапарова")
    assert sent[-1].text == t(texts, "en", "vote-not-open")
    await voter.press_data(ListCb(round_id=vote_round.id).pack(), on=card)
    assert voter.last_answer.text == t(texts, "en", "vote-closed")
