"""The send schedule under a flood, on a fake clock (sleeping moves it, nothing waits): replies
are served chat by chat in turn, a flooded chat's redundant replies collapse, broadcasts keep
their share, replies to texts go first and a press's keep theirs, a 429 is waited out for as
long as Telegram asks, and the throttle slows the person whose replies pile up."""

from __future__ import annotations

import asyncio
from typing import Any

from aiogram import Bot
from aiogram.fsm.storage.base import StorageKey
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod
from aiogram.types import User
from pydantic import SecretStr

from bot.factory import create_bot
from bot.fsm import PersonLocks, PersonTurn
from bot.middlewares import Throttle
from bot.pacer import Pacer
from bot.sender import Message, Outcome, Sender, answer_first
from config import Settings
from tests.harness import TEST_TOKEN, FakeTime, RecordingSession

RATE = 30.0
FLOODERS = range(1, 21)
QUIET = 99


class TimedSession(RecordingSession):
    """Telegram, noting when each request reached it."""

    def __init__(self, time: FakeTime) -> None:
        super().__init__()
        self.time = time
        self.at: list[tuple[float, TelegramMethod[Any]]] = []

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> Any:
        self.at.append((self.time.now, method))
        return await super().make_request(bot, method, timeout)

    def sends(self, chat_id: int) -> list[float]:
        return [
            when
            for when, method in self.at
            if isinstance(method, SendMessage) and int(method.chat_id) == chat_id
        ]


def scheduled(share: float = 0.2) -> tuple[Bot, Pacer, TimedSession, FakeTime]:
    """The bot as the factory builds it (flood control in its session) on a fake clock."""
    time = FakeTime()
    pacer = Pacer(RATE, 1.0, time.monotonic, time.sleep, broadcast_share=share)
    session = TimedSession(time)
    settings = Settings(_env_file=None, bot_token=SecretStr(TEST_TOKEN))
    return create_bot(settings, session=session, pacer=pacer), pacer, session, time


def flood(bot: Bot, per_chat: int) -> list[asyncio.Task[Any]]:
    """Twenty chats, each with `per_chat` different replies waiting."""
    return [
        asyncio.create_task(bot.send_message(chat, f"reply {n} to {chat}"))
        for n in range(per_chat)
        for chat in FLOODERS
    ]


def most_in_a_second(times: list[float]) -> int:
    times = sorted(times)
    return max(sum(1 for t in times if start <= t < start + 1.0 - 1e-9) for start in times)


async def test_a_quiet_chat_s_reply_goes_within_one_round_of_a_flood():
    bot, _, session, time = scheduled()

    async def scenario() -> float:
        waiting = flood(bot, per_chat=10)  # 200 replies: almost 7 s of slots
        await time.sleep(1.0)  # a second into the flood somebody else writes
        asked = time.now
        await bot.send_message(QUIET, "/start")
        answered = time.now
        await asyncio.gather(*waiting)
        return answered - asked

    waited = await time.run(scenario())
    # One round: each of the twenty flooders once, then the quiet chat (first in a queue
    # served in arrival order it would have waited for the 170 replies still ahead of it).
    assert waited <= (len(FLOODERS) + 1) / RATE + 1e-9
    assert [len(session.sends(chat)) for chat in FLOODERS] == [10] * 20  # nothing lost
    assert most_in_a_second([when for when, _ in session.at]) <= RATE


async def test_a_flooded_chat_s_superseded_edits_and_repeated_menus_collapse():
    bot, pacer, session, time = scheduled()

    async def scenario() -> tuple[list[Any], list[Any]]:
        card = await bot.send_message(QUIET, "card 0")
        others = flood(bot, per_chat=3)  # the schedule is busy: the quiet chat's replies wait
        edits = [
            asyncio.create_task(
                bot.edit_message_text(f"card {n}", chat_id=QUIET, message_id=card.message_id)
            )
            for n in range(1, 11)
        ]
        menus = [asyncio.create_task(bot.send_message(QUIET, "menu")) for _ in range(6)]
        done = await asyncio.gather(*edits), await asyncio.gather(*menus)
        await asyncio.gather(*others)
        return done

    edited, menus = await time.run(scenario())
    edit_requests = [m for _, m in session.at if isinstance(m, EditMessageText)]
    menu_requests = [m for _, m in session.at if isinstance(m, SendMessage) and m.text == "menu"]
    assert len(edit_requests) < 10 and len(menu_requests) < 6
    assert pacer.collapsed == (10 - len(edit_requests)) + (6 - len(menu_requests))
    # The person sees the newest card and the menu once, and every caller got a message back.
    shown = [s.text for s in session.sent_to(QUIET)]
    assert shown == ["card 10"] + ["menu"] * len(menu_requests)
    assert edited[-1].text == "card 10"
    assert all(message.text.startswith("card ") for message in edited)
    assert all(message.text == "menu" for message in menus)


async def test_broadcasts_keep_their_share_under_a_flood():
    bot, pacer, session, time = scheduled(share=0.2)
    sender = Sender(bot, pacer=pacer)
    recipients = range(1000, 1060)

    async def scenario() -> float:
        waiting = flood(bot, per_chat=30)  # 600 replies: 25 s at the replies' 24 a second
        await time.sleep(0.5)
        outcomes = await sender.send_many(Message(chat, "stage changed") for chat in recipients)
        assert outcomes == [Outcome.SENT] * len(recipients)
        delivered = time.now
        await asyncio.gather(*waiting)
        return delivered

    delivered = await time.run(scenario())
    # 60 messages at a fifth of 30 a second: 10 s, while the flood still had 15 s to go.
    assert delivered <= 0.5 + len(recipients) / (0.2 * RATE) + 0.5
    flood_over = max(when for chat in FLOODERS for when in session.sends(chat))
    assert flood_over > delivered + 10
    assert most_in_a_second([when for when, _ in session.at]) <= RATE


async def test_broadcasts_take_every_slot_replies_leave():
    bot, pacer, _, time = scheduled(share=0.2)
    sender = Sender(bot, pacer=pacer)
    outcomes = await time.run(sender.send_many(Message(chat, "x") for chat in range(1, 91)))
    assert outcomes == [Outcome.SENT] * 90
    assert 2.9 <= time.now <= 3.0  # the whole rate, as before


async def test_a_reply_telegram_answers_429_waits_the_time_asked_and_nobody_else_does():
    bot, _, session, time = scheduled()
    session.retry_after[QUIET] = [4]

    async def scenario() -> None:
        await asyncio.gather(bot.send_message(QUIET, "hello"), bot.send_message(5, "hi"))

    await time.run(scenario())
    assert session.sends(5) == [session.sends(5)[0]] and session.sends(5)[0] < 0.1
    first, again = session.sends(QUIET)
    assert again - first >= 4.0
    assert [s.text for s in session.sent_to(QUIET)] == ["hello"]


def test_a_person_whose_replies_wait_is_slowed_and_others_are_not():
    now = [0.0]
    waiting: dict[int, int] = {}
    throttle = Throttle(
        rate=5, burst=20, monotonic=lambda: now[0], replies_waiting=lambda p: waiting.get(p, 0)
    )
    assert throttle.allow(1) and throttle.allow(1)  # two messages in a row both go
    waiting[1] = 1  # a reply to the first still waits for its slot
    # 18 tokens left: each update now costs 1 + 20/5.
    assert [throttle.allow(1) for _ in range(4)] == [True, True, True, False]
    assert throttle.allow(2)  # somebody else is not held back
    # The replies a person causes are charged too: three replies empty what was left.
    waiting[1] = 0
    for _ in range(3):
        throttle.charge(1)
    assert not throttle.allow(1)  # and an update turned away costs one more
    now[0] += 0.2  # one token back: still none
    assert not throttle.allow(1)
    now[0] += 0.4  # two more: heard again
    assert throttle.allow(1)


async def test_an_album_of_five_files_gets_through_and_a_flood_of_texts_does_not():
    now = [0.0]
    throttle = Throttle(rate=5, burst=20, monotonic=lambda: now[0])
    handled: list[int] = []
    held = asyncio.Event()

    async def handler(event: Any, data: dict[str, Any]) -> None:
        handled.append(data["n"])
        await held.wait()  # the person's updates wait behind the first, as under the lock

    def update(person: int, n: int) -> Any:
        user = User(id=person, is_bot=False, first_name="Aru")
        return throttle(handler, object(), {"event_from_user": user, "n": n})

    album = [asyncio.create_task(update(1, n)) for n in range(5)]
    flood = [asyncio.create_task(update(2, n)) for n in range(50)]
    await asyncio.sleep(0)
    held.set()
    await asyncio.gather(*album, *flood)
    assert sorted(handled[:5]) == [0, 1, 2, 3, 4]  # the album, whole
    # The flooder, all at once: two cheap, then a fifth of the burst more each.
    assert len(handled) - 5 == 2 + (20 - 2) // 5


async def test_replies_to_texts_go_first_and_a_press_s_reply_keeps_its_share():
    """A press is answered before its reply waits; replies to texts (no answer yet) go
    first, and the presses' replies still get a third of the slots while both wait."""
    bot, _, session, time = scheduled()
    pressed = range(100, 130)
    answered: dict[int, float] = {}

    async def press(chat: int) -> None:
        async def answer() -> None:
            answered[chat] = time.now

        token = answer_first.set(answer)
        try:
            await bot.send_message(chat, "the next card")
        finally:
            answer_first.reset(token)

    async def scenario() -> None:
        texts = flood(bot, per_chat=6)  # 120 replies to texts: 4 s of slots
        await asyncio.gather(*(press(chat) for chat in pressed), *texts)

    await time.run(scenario())
    assert answered == dict.fromkeys(pressed, 0.0)  # every press answered at once
    first_second = [int(m.chat_id) for when, m in session.at if when < 1.0 - 1e-9]
    presses_first = sum(1 for chat in first_second if chat in pressed)
    assert len(first_second) == RATE and 9 <= presses_first <= 11


async def test_a_turn_let_go_hears_the_person_s_next_update_and_is_taken_back():
    locks = PersonLocks()
    key = StorageKey(bot_id=1, chat_id=7, user_id=7)
    order: list[str] = []

    async def next_update() -> None:
        async with locks.lock(key):
            order.append("next update")

    async with PersonTurn(locks, key) as turn:
        heard = asyncio.create_task(next_update())
        await asyncio.sleep(0)
        assert not heard.done()  # the turn is held: the next update waits
        async with turn.let_go():  # a card waiting for its slot
            await heard
            order.append("card sent")
        order.append("the press goes on, its turn back")
        waiting = asyncio.create_task(next_update())
        await asyncio.sleep(0)
        assert not waiting.done()
    await waiting
    assert order == ["next update", "card sent", "the press goes on, its turn back", "next update"]
    # A task the update started may still send after it: letting go then holds nothing.
    async with turn.let_go():
        pass
    assert len(locks) == 0
    async with asyncio.timeout(1):
        await next_update()
