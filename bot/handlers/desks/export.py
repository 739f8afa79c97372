"""The secretariat's export: the live, consented nominations as CSV or XLSX, headers in the
reader's language, built off the event loop into temporary files (split into numbered parts
past Telegram's upload limit), sent as documents and removed (`bot.exports.exported`)."""

from __future__ import annotations

from functools import partial

from aiogram import Router
from aiogram.types import CallbackQuery, FSInputFile

from bot.callbacks import ExportCb
from bot.exports import export_headers, exported, nominations_table
from bot.handlers.desks.screen import bot_of
from bot.i18n import I18n
from domain.pipeline import Role
from services.desks.export import Export


async def export(
    query: CallbackQuery, callback_data: ExportCb, i18n: I18n, desk_export: Export
) -> None:
    await query.answer()  # at once: a large export outlasts the time a press may wait
    tz, fmt = desk_export.config.tz, callback_data.format
    table = partial(
        nominations_table, core=i18n.core, locale=i18n.locale, regions=desk_export.regions, tz=tz
    )
    stem = f"nominations-{desk_export.now().astimezone(tz):%Y%m%d-%H%M}"
    headers = export_headers(i18n.core, i18n.locale)
    bot, chat_id = bot_of(query)
    pages = desk_export.pages()
    limit = desk_export.config.export_part_bytes
    async with exported(pages, table, headers, fmt, stem, limit) as (parts, count):
        caption = i18n.get("export-caption", count=count)
        for number, path in enumerate(parts):
            document = FSInputFile(path, filename=path.name)
            await bot.send_document(chat_id, document, caption=None if number else caption)


def router() -> Router:
    exports = Router(name="desk-export")
    exports.callback_query.register(
        export,
        ExportCb.filter(),
        flags={"role": Role.SECRETARIAT, "callback_answer": {"disabled": True}},
    )
    return exports
