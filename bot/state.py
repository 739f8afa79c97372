"""FSM helpers shared by the staff forms."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext


async def take(state: FSMContext, key: str) -> Any:
    """Leave the current step and take one draft out of the FSM data, keeping the rest
    (a citizen's half-filled nomination, say)."""
    data = await state.get_data()
    await state.set_state(None)
    await state.set_data({k: v for k, v in data.items() if k != key})
    return data.get(key)
