"""The sender keeps Telegram's limits, waits out RetryAfter, retries the network, and carries
on past people who blocked the bot. Time is fake: sleeping moves it."""

from __future__ import annotations

from aiogram.methods import SendMessage

from bot.sender import Message, Outcome, Sender
from tests.harness import FakeTime


def sent_chats(session) -> list[int]:
    return [int(r.chat_id) for r in session.requests if isinstance(r, SendMessage)]


async def test_overall_rate_is_kept(app):
    time = FakeTime()
    sender = Sender(app.bot, per_second=30, monotonic=time.monotonic, sleep=time.sleep)
    outcomes = await time.run(sender.send_many(Message(chat, "hi") for chat in range(1, 91)))
    assert outcomes == [Outcome.SENT] * 90
    assert sorted(sent_chats(app.session)) == list(range(1, 91))
    assert 2.9 <= time.now <= 3.0  # 90 messages at 30 a second


async def test_one_chat_gets_at_most_one_message_a_second(app):
    time = FakeTime()
    sender = Sender(
        app.bot, per_second=30, per_chat_interval=1.0, monotonic=time.monotonic, sleep=time.sleep
    )
    await time.run(
        sender.send_many([Message(7, "a"), Message(7, "b"), Message(7, "c"), Message(8, "d")])
    )
    assert sent_chats(app.session).count(7) == 3
    assert time.now >= 2.0


async def test_retry_after_is_waited_out_for_that_chat_only(app):
    time = FakeTime()
    app.session.retry_after[5] = [4]
    sender = Sender(app.bot, per_second=30, monotonic=time.monotonic, sleep=time.sleep)
    delivered_at: dict[int, float] = {}
    real_send = app.bot.send_message

    async def timed(chat_id, text, **kwargs):
        result = await real_send(chat_id, text, **kwargs)
        delivered_at[chat_id] = time.now
        return result

    app.bot.send_message = timed
    outcomes = await time.run(sender.send_many([Message(5, "x"), Message(6, "y")]))
    assert outcomes == [Outcome.SENT, Outcome.SENT]
    assert delivered_at[6] < 0.1  # 6 did not wait for 5
    assert delivered_at[5] >= 4.0


async def test_network_errors_are_retried_with_backoff_then_given_up(app):
    time = FakeTime()
    app.session.network_errors[9] = 2
    app.session.network_errors[10] = 100
    sender = Sender(app.bot, retries=3, monotonic=time.monotonic, sleep=time.sleep)
    assert await time.run(sender.send(9, "x")) is Outcome.SENT
    assert await time.run(sender.send(10, "x")) is Outcome.FAILED
    assert 0.5 in time.slept and 1.0 in time.slept


async def test_a_blocked_person_is_marked_and_the_rest_go_on(app):
    time = FakeTime()
    marked: list[int] = []

    async def on_blocked(chat_id: int) -> None:
        marked.append(chat_id)

    app.session.blocked.add(2)
    sender = Sender(app.bot, monotonic=time.monotonic, sleep=time.sleep, on_blocked=on_blocked)
    outcomes = await time.run(sender.send_many(Message(chat, "x") for chat in (1, 2, 3)))
    assert outcomes == [Outcome.SENT, Outcome.BLOCKED, Outcome.SENT]
    assert marked == [2]
