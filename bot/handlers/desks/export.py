"""The secretariat's export: every nomination as a CSV or XLSX file, headers in the
reader's language."""

from __future__ import annotations

from aiogram import Router
from aiogram.types import BufferedInputFile, CallbackQuery

from bot.callbacks import ExportCb
from bot.exports import nominations_table, spreadsheet
from bot.handlers.desks.screen import bot_of
from bot.i18n import I18n
from domain.pipeline import Role
from services.desks.export import Export


async def export(
    query: CallbackQuery, callback_data: ExportCb, i18n: I18n, desk_export: Export
) -> None:
    rows, tz = await desk_export.rows(), desk_export.config.tz
    headers, table = nominations_table(rows, i18n.core, i18n.locale, desk_export.regions, tz)
    stamp = desk_export.now().astimezone(tz).strftime("%Y%m%d-%H%M")
    content = spreadsheet(headers, table, callback_data.format)
    name = f"nominations-{stamp}.{callback_data.format}"
    bot, chat_id = bot_of(query)
    caption = i18n.get("export-caption", count=len(table))
    await bot.send_document(chat_id, BufferedInputFile(content, filename=name), caption=caption)


def router() -> Router:
    exports = Router(name="desk-export")
    exports.callback_query.register(export, ExportCb.filter(), flags={"role": Role.SECRETARIAT})
    return exports
