"""The one verified phone of the whole bot: each account's own phone, taken from a contact
its holder shared themselves (`contact.user_id == from.id`, checked by the caller), in E.164.
One account per phone. Nominations, consent and staff identity read it here."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User


async def verified_phone(session: AsyncSession, user_id: int) -> str | None:
    """The account's own verified phone, or None when it never shared its contact."""
    return await session.scalar(select(User.phone).where(User.id == user_id))


async def holder_of(session: AsyncSession, phone: str) -> int | None:
    """The account whose verified phone this is."""
    return await session.scalar(select(User.id).where(User.phone == phone))


async def remember_phone(session: AsyncSession, user_id: int, phone: str, now: datetime) -> None:
    """Keep `phone` as the account's verified phone (the account's row exists). The latest
    own contact wins: Telegram says the number is this account's now, so an account that
    held it before loses it. No write when nothing changes."""
    if await verified_phone(session, user_id) == phone:
        return
    await session.execute(
        update(User)
        .where(User.phone == phone, User.id != user_id)
        .values(phone=None, phone_verified_at=None)
    )
    await session.execute(
        update(User).where(User.id == user_id).values(phone=phone, phone_verified_at=now)
    )
