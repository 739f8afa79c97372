"""After start-up (`bot.settle`): once the start's own work is done, what is alive is set aside
from the collector, and a full collection afterwards walks only what was made since."""

from __future__ import annotations

import asyncio
import gc
import threading

from bot.settle import settle
from storage.db import create_engine, idle_count, shrink_idle


async def test_start_up_objects_are_frozen_and_later_ones_still_collected() -> None:
    try:
        await settle()
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the modules, classes and functions imported by the tests

        class Cycle:
            other: object = None

        made = Cycle()
        made.other = made
        del made
        assert gc.collect() >= 1  # garbage made after the freeze is still found
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


async def test_settling_waits_for_the_start_s_work() -> None:
    start_work = asyncio.get_running_loop().create_future()
    settling = asyncio.create_task(settle([start_work]))
    try:
        await asyncio.sleep(0)
        assert not settling.done() and gc.get_freeze_count() == 0
        start_work.set_result(None)
        await settling
        assert gc.get_freeze_count() > 10_000
    finally:
        settling.cancel()
        gc.unfreeze()


async def test_the_start_s_idle_connections_are_closed_and_opened_again_on_demand(
    tmp_path,
) -> None:
    def database_threads() -> set[threading.Thread]:  # aiosqlite's: one per open connection
        return {t for t in threading.enumerate() if "connection_worker" in t.name}

    others = database_threads()
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/bot.db")
    try:
        async with engine.connect() as one, engine.connect() as two:  # the start's work
            for connection in (one, two):
                await connection.exec_driver_sql("SELECT 1")
        opened = database_threads() - others
        assert idle_count(engine) == 2 and len(opened) == 2
        assert await shrink_idle(engine) == 2
        for thread in opened:  # each connection closed: its thread ends
            await asyncio.to_thread(thread.join, 10)
            assert not thread.is_alive()
        async with engine.connect() as again:  # an update afterwards gets a new one
            assert (await again.exec_driver_sql("SELECT 41 + 1")).scalar() == 42
            assert len(database_threads() - others - opened) == 1
    finally:
        await engine.dispose()
