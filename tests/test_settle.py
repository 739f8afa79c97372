"""After start-up (`bot.settle`): once the start's own work is done, what is alive is set aside
from the collector, and a full collection afterwards walks only what was made since."""

from __future__ import annotations

import asyncio
import gc

from bot.settle import settle


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
