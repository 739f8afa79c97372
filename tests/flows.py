"""Whole stories through the form, shared by the end-to-end tests."""

from __future__ import annotations

from dataclasses import dataclass

from aiogram_i18n.cores import FluentCompileCore

from tests.harness import Person

STORY = {
    "kk": (
        "Ауылда өскен ол бала кезінен техникаға қызықты. Университетті бітірген соң туған "
        "ауылына оралып, балаларға робототехника үйірмесін ашты. Алғашқы жылы үйірмеге бес-ақ "
        "оқушы келді, бүгінде олардың саны жүзден асады."
    ),
    "ru": (
        "Она выросла в ауле и с детства любила технику. После университета вернулась в родное "
        "село и открыла для детей кружок робототехники. В первый год пришли всего пять "
        "учеников, сегодня их больше ста, и многие выбрали инженерные профессии."
    ),
    "en": (
        "She grew up in a village and loved machines from childhood. After university she came "
        "back home and opened a robotics club for children. Five pupils came in the first year; "
        "today there are more than a hundred, and many have chosen engineering careers."
    ),
}


@dataclass
class Nominee:
    full_name: str = "Сапарова Айгерім Нұрланқызы"
    birth_date: str = "05.03.1987"
    gender: str = "f"
    region_code: str = "almaty_city"
    settlement: str = "Алматы"
    occupation: str = "Инженер, «Жасыл Дала» ЖШС"
    # Shared as the self-nominator's own contact, or typed as the candidate's phone.
    phone: str | None = None


def t(texts: FluentCompileCore, locale: str, key: str, **params: object) -> str:
    return texts.get(key, locale, **params)


# The form's questions after "who chooses the path", in order; an achievement with its year,
# proof and "one more?" is one question.
SELF_PATH = ("name", "dob", "gender", "region", "place", "ethn", "occ", "sphere", "ach")
SELF_PATH += ("story", "photo", "phone", "consent")
OTHER_PATH = ("nname", "nphone", "rel", "src", *SELF_PATH)
_PART_OF_ACHIEVEMENT = {"achyear": "ach", "proof": "ach", "more": "ach"}


def asked(
    texts: FluentCompileCore, locale: str, key: str, who: str = "self", **params: object
) -> str:
    """A question of the form as the person sees it: which of how many, then the question."""
    step = key.removeprefix("form-ask-")
    path = SELF_PATH if who == "self" else OTHER_PATH
    number = path.index(_PART_OF_ACHIEVEMENT.get(step, step)) + 1
    progress = t(texts, locale, "form-progress", step=number, total=len(path))
    return progress + "\n" + t(texts, locale, key, who=who, **params)


async def start_form(person: Person, texts: FluentCompileCore, locale: str) -> None:
    await person.send("/start")
    sent = await person.press(t(texts, locale, "menu-nominate"))
    assert sent[0].text == t(texts, locale, "form-intro")
    assert sent[-1].text == t(texts, locale, "form-ask-who")
    assert sent[-1].buttons == [
        t(texts, locale, "choice-who-self"),
        t(texts, locale, "choice-who-other"),
    ]


async def fill_form(
    person: Person,
    texts: FluentCompileCore,
    locale: str,
    region_name: str,
    who: str = "self",
    nominee: Nominee | None = None,
) -> None:
    """From the main menu to the summary, checking every question on the way."""
    nominee = nominee or Nominee()
    await start_form(person, texts, locale)
    sent = await person.press(t(texts, locale, f"choice-who-{who}"))
    if who == "other":
        assert sent[-1].text == asked(texts, locale, "form-ask-nname", who)
        sent = await person.send("Оспанов Ерлан Серікұлы")
        assert sent[-1].text == asked(texts, locale, "form-ask-nphone", who)
        assert sent[-1].buttons == [t(texts, locale, "form-share-contact")]
        sent = await person.send("8 (702) 555-12-34")
        assert sent[0].text == t(texts, locale, "form-phone-saved", phone="+77025551234")
        assert sent[-1].text == asked(texts, locale, "form-ask-rel", who)
        sent = await person.press(t(texts, locale, "choice-rel-colleague"))
        assert sent[-1].text == asked(texts, locale, "form-ask-src", who)
        assert len(sent[-1].buttons) == 7
        sent = await person.press(t(texts, locale, "choice-src-ngo"))
    assert sent[-1].text == asked(texts, locale, "form-ask-name", who)
    sent = await person.send(nominee.full_name)
    assert sent[-1].text == asked(texts, locale, "form-ask-dob", who)
    sent = await person.send(nominee.birth_date)
    assert sent[-1].text == asked(texts, locale, "form-ask-gender", who)
    sent = await person.press(t(texts, locale, f"choice-gender-{nominee.gender}"))
    assert sent[-1].text == asked(texts, locale, "form-ask-region", who)
    assert len(sent[-1].buttons) == 20 and region_name in sent[-1].buttons
    sent = await person.press(region_name)
    assert sent[-1].text == asked(texts, locale, "form-ask-place", who)
    sent = await person.send(nominee.settlement)
    assert sent[-1].text == asked(texts, locale, "form-ask-ethn", who)
    sent = await person.press(t(texts, locale, "choice-ethn-skip"))
    assert sent[-1].text == asked(texts, locale, "form-ask-occ", who)
    sent = await person.send(nominee.occupation)
    assert sent[-1].text == asked(texts, locale, "form-ask-sphere", who)
    sent = await person.press(t(texts, locale, "choice-sphere-education"))
    assert sent[-1].text == asked(texts, locale, "form-ask-ach", who, number=1, limit=10)
    sent = await person.send("Ауылдық балаларға арналған робототехника мектебін ашты")
    assert sent[-1].text == asked(texts, locale, "form-ask-achyear", who)
    sent = await person.send("2018")
    assert sent[-1].text == asked(texts, locale, "form-ask-proof", who)
    sent = await person.send("https://example.kz/news/robotics")
    assert sent[-1].text == asked(texts, locale, "form-ask-more", who, count=1, limit=10)
    sent = await person.press(t(texts, locale, "choice-more-add"))
    assert sent[-1].text == asked(texts, locale, "form-ask-ach", who, number=2, limit=10)
    await person.send("Шәкірттері республикалық олимпиадада бірінші орын алды")
    await person.send("2021")
    sent = await person.send_document("diploma-file")
    assert sent[-1].text == asked(texts, locale, "form-ask-more", who, count=2, limit=10)
    sent = await person.press(t(texts, locale, "choice-more-done"))
    assert sent[-1].text == asked(texts, locale, "form-ask-story", who, min=150, max=3000)
    sent = await person.send(STORY[locale])
    assert sent[-1].text == asked(texts, locale, "form-ask-photo", who)
    sent = await person.send_photo("portrait")
    assert sent[-1].text == asked(texts, locale, "form-ask-phone", who)
    if who == "self":
        assert sent[-1].buttons == [t(texts, locale, "form-share-contact")]
        # Someone else's contact is not the self-nominator's phone; their own is.
        sent = await person.send_contact("77017770000", user_id=person.id + 1000)
        assert sent[0].text.startswith(t(texts, locale, "vote-contact-not-yours"))
        # A typed number is refused: only Telegram's word for the account will do.
        sent = await person.send("+7 701 123 45 67")
        assert sent[0].text.startswith(t(texts, locale, "identity-error-own-contact"))
        sent = await person.send_contact(nominee.phone or "77011234567")
    else:
        assert sent[-1].buttons == []
        sent = await person.send(nominee.phone or "+7 701 765 43 21")
    assert sent[-1].text == asked(texts, locale, "form-ask-consent", who, version="2026-11-2")
    sent = await person.press(t(texts, locale, "choice-consent-agree"))
    assert sent[-1].text.startswith(t(texts, locale, "summary-title"))
    assert sent[-1].buttons[0] == t(texts, locale, "summary-submit")


def self_nomination(now, **changes):
    """A complete self-nomination, consented at `now` (`changes`: fields that differ)."""
    from dataclasses import replace
    from datetime import date

    from domain.nomination import (
        CONSENT_VERSION,
        Achievement,
        Gender,
        NominationRecord,
        Source,
        Sphere,
    )

    record = NominationRecord(
        is_self=True,
        nominator_name=None,
        nominator_phone=None,
        relation=None,
        source=Source.CITIZEN,
        full_name=Nominee().full_name,
        birth_date=date(1987, 3, 5),
        gender=Gender.FEMALE,
        region_code="almaty_city",
        settlement="Алматы",
        ethnicity=None,
        occupation="Инженер",
        sphere=Sphere.EDUCATION,
        achievements=(
            Achievement("Ауылда робототехника мектебін ашты", 2018, "https://example.kz/a"),
            Achievement("Шәкірттері олимпиадада жеңді", 2021, None, "diploma", "document"),
        ),
        story=STORY["kk"],
        photo_file_id="portrait",
        contact_phone="+77011234567",
        consent_version=CONSENT_VERSION,
        consent_at=now,
    )
    return replace(record, **changes)


async def store_nomination(
    sessionmaker, nominator_id: int, now, region_code: str = "almaty_city", **changes
):
    """A submitted self-nomination put straight into storage, for tests about what follows
    (`changes`: fields of the record that differ)."""
    from storage import repo

    record = self_nomination(now, region_code=region_code, **changes)
    async with sessionmaker() as session:
        await repo.get_or_create_user(session, nominator_id, "Aigerim", None, "en", now)
        nomination = await repo.create_nomination(session, record, nominator_id, now, now.year)
        await session.commit()
        return nomination


SURNAMES = (
    "Ахметова",
    "Серікбаев",
    "Иванова",
    "Нұрланов",
    "Ким",
    "Омарова",
    "Байжанов",
    "Петренко",
    "Жақыпова",
    "Сәрсенбаев",
    "Әбенова",
    "Тоқтаров",
    "Ли",
    "Қасымова",
    "Мұхамеджанов",
    "Смагулова",
    "Ержанов",
    "Бекова",
    "Оспанов",
    "Дәулетова",
)
GIVEN = (
    "Айгерім",
    "Ерлан",
    "Дина",
    "Асхат",
    "Мадина",
    "Тимур",
    "Гүлнар",
    "Арман",
    "Алия",
    "Нұрлан",
    "Жанар",
    "Болат",
    "Сәуле",
    "Данияр",
    "Ольга",
    "Максим",
    "Ақерке",
    "Руслан",
)
FATHERS = (
    "Серікқызы",
    "Болатұлы",
    "Ивановна",
    "Асқарұлы",
    "Маратқызы",
    "Ерланұлы",
    "Петровна",
    "Нұрланқызы",
    "Жанұлы",
    "Сергеевич",
)


async def crowd_of_nominations(
    session, count: int, now, region_codes, nominator_id: int = 900, statuses=None
) -> None:
    """`count` nominations put straight into storage in one statement, submitted a minute
    apart (the oldest first) and spread over names, regions, spheres, sources and `statuses`
    (default: new ones, some being screened): what a national call brings to the desks."""
    from datetime import date, timedelta

    from sqlalchemy import insert

    from domain.nomination import (
        CONSENT_VERSION,
        Gender,
        Source,
        Sphere,
        Status,
        name_key,
        reference_for,
    )
    from storage import repo
    from storage.models import Nomination

    statuses = statuses or (Status.SUBMITTED,) * 4 + (Status.SCREENING,)
    spheres, sources = list(Sphere), list(Source)
    await repo.get_or_create_user(session, nominator_id, "Citizen", None, "ru", now)
    rows = []
    for i in range(count):
        full_name = " ".join((SURNAMES[i % 20], GIVEN[(i // 20) % 18], FATHERS[(i // 360) % 10]))
        at = now - timedelta(minutes=count - i)
        rows.append(
            {
                "reference": reference_for(now.year, 100_000 + i),
                "status": statuses[i % len(statuses)],
                "nominator_id": nominator_id,
                "is_self": True,
                "source": sources[i % len(sources)],
                "full_name": full_name,
                "name_key": name_key(full_name),
                "birth_date": date(1960, 1, 1) + timedelta(days=i // 3600 + (i % 7) * 1000),
                "gender": Gender.FEMALE if i % 2 else Gender.MALE,
                "region_code": region_codes[i % len(region_codes)],
                "settlement": "—",
                "occupation": "—",
                "sphere": spheres[i % len(spheres)],
                "story": "—",
                "contact_phone": f"+7705{i:07d}",
                "consent_version": CONSENT_VERSION,
                "consent_at": at,
                "created_at": at,
                "updated_at": at,
            }
        )
    for start in range(0, count, 5000):
        await session.execute(insert(Nomination), rows[start : start + 5000])


# The candidate's phone `fill_form` types on the other-person path, as Telegram shares it.
NOMINEE_PHONE = "77017654321"


async def open_consent_link(person: Person, token: str, phone: str = NOMINEE_PHONE):
    """The candidate opens their consent link and shares their own contact (`phone`): what
    the bot sent last (the card and its question, when the phone is the candidate's)."""
    await person.send(f"/start c_{token}")
    return await person.send_contact(phone)
