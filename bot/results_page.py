"""The published board as files: a static results page per language (a table of the counts
with a bar in each row, the receipts searchable by a small inline script, nothing fetched
from the network), board.json and board.csv beside them. The same files are written by
`python -m bot results publish` and served by the bot's web server at /results/<round>/.

The page is built to be read on a phone (nothing wider than 360 px: long codes and hashes
wrap) and with WCAG AA contrast (text #1b1b1b on white is 16:1, links #0b4f9c 8:1, the bars
#1d5fa5 on #e3e8ef 5:1)."""

from __future__ import annotations

import json
from datetime import datetime
from html import escape
from pathlib import Path
from typing import Any, Protocol

from babel.numbers import format_decimal

from domain.board import (
    Anchor,
    Board,
    ReceiptsMode,
    digest,
    published,
    receipts_on_page,
    to_csv,
)
from domain.locales import LOCALES


class Texts(Protocol):
    """What renders the page's words: the bot's i18n core, or `PageTexts`."""

    def get(self, key: str, locale: str, /, **kwargs: Any) -> str: ...


class PageTexts:
    """The page's words straight from `locales/*/results.ftl` with Fluent, for the command
    line: loading the bot's whole i18n core (and aiogram) costs seconds a page does not need.
    Renders as the core does (no bidi isolation marks)."""

    def __init__(self, locales: Path) -> None:
        from fluent_compiler.bundle import FluentBundle

        self._bundles = {
            locale: FluentBundle.from_string(
                locale, (locales / locale / "results.ftl").read_text("utf-8"), use_isolating=False
            )
            for locale in LOCALES
        }

    def get(self, key: str, locale: str, /, **kwargs: Any) -> str:
        text, errors = self._bundles[locale].format(key, kwargs)
        if errors:
            raise KeyError(f"{locale}/results.ftl {key}: {errors}")
        return str(text)


LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
RECEIPT_KEYS = {
    ReceiptsMode.BOARD: "board-receipts-board",
    ReceiptsMode.INCLUSION: "board-receipts-inclusion",
    ReceiptsMode.OFF: "board-receipts-off",
}

STYLE = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1b1b1b;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.2rem;margin:1.5rem 0 .5rem}
a{color:#0b4f9c}
nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav [aria-current]{font-weight:700;color:#1b1b1b;text-decoration:none}
dl{display:grid;grid-template-columns:minmax(0,1fr);gap:.1rem;margin:0}
dt{font-weight:600;margin-top:.5rem}
dd{margin:0}
.code{font-family:ui-monospace,Menlo,Consolas,monospace;overflow-wrap:anywhere;
word-break:break-all}
form{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end}
label{display:block;font-weight:600;width:100%}
input{font:inherit;padding:.5rem;border:2px solid #555;border-radius:4px;min-width:0;
flex:1 1 12rem;max-width:100%}
button{font:inherit;padding:.5rem 1rem;border:0;border-radius:4px;background:#0b4f9c;
color:#fff;cursor:pointer}
button:focus,input:focus{outline:3px solid #e0a800;outline-offset:2px}
#found{min-height:1.5rem;font-weight:600}
#found.missing{color:#8a1c1c}
table{width:100%;border-collapse:collapse;table-layout:fixed}
caption{text-align:left;font-weight:600;padding:.25rem 0}
th,td{padding:.4rem .3rem;border-bottom:1px solid #c9ced6;text-align:left;
vertical-align:top;overflow-wrap:anywhere}
th{font-size:.9rem}
.place{width:2.6rem}
.votes{width:4.5rem;text-align:right}
.chart{width:28%}
.ref{display:block;font-size:.85rem;color:#4a4f57}
.bar{height:1rem;background:#e3e8ef;border-radius:2px;margin-top:.2rem}
.bar span{display:block;height:100%;background:#1d5fa5;border-radius:2px}
tr.hit{background:#fff3bf}
@media (max-width:30rem){.chart{width:22%}.place{width:2rem}.votes{width:3.6rem}}
"""

# Finds a code among the embedded receipts: no server, no library, nothing fetched.
SCRIPT = """
(function(){
var data=JSON.parse(document.getElementById('receipts').textContent);
var form=document.getElementById('search'),out=document.getElementById('found');
var rows=document.querySelectorAll('#board tbody tr');
function has(list,code){return (' '+list+' ').indexOf(' '+code+' ')>=0;}
form.addEventListener('submit',function(e){
e.preventDefault();
var code=form.elements.code.value.replace(/\\s+/g,'');
for(var i=0;i<rows.length;i++){rows[i].classList.remove('hit');}
out.className='';
if(!code){out.textContent=out.dataset.empty;return;}
var variants=[code,code.toUpperCase(),code.toLowerCase()],hit=-1,found=false;
for(var v=0;v<variants.length&&!found;v++){
if(data.mode==='board'){for(var j=0;j<data.lists.length;j++){
if(has(data.lists[j],variants[v])){hit=j;found=true;break;}}}
else if(data.mode==='inclusion'){found=has(data.all,variants[v]);}}
if(!found){out.className='missing';out.textContent=out.dataset.missing;return;}
out.textContent=out.dataset.found;
if(hit>=0){var row=rows[hit];row.classList.add('hit');
out.textContent+=' '+out.dataset.for+' '+row.dataset.name;
row.scrollIntoView({block:'center'});}
});
})();
"""


def _json_in_html(value: Any) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page(board: Board, anchor: Anchor, core: Texts, locale: str) -> str:
    def t(key: str, **params: Any) -> str:
        return escape(core.get(key, locale, **params))

    def number(value: int) -> str:
        return escape(format_decimal(value, locale=locale))

    title = t("board-page-title", round=board.round_id)
    most = max((line.votes for line in board.lines), default=0)
    total = board.ballots or 1
    rows = []
    for place, line in enumerate(board.lines, 1):
        share = line.votes / total
        width = 0.0 if most == 0 else 100 * line.votes / most
        percent = format_decimal(round(100 * share, 1), format="0.0", locale=locale)
        rows.append(
            f'<tr data-ref="{escape(line.reference)}" data-votes="{line.votes}" '
            f'data-name="{escape(line.name)}"><td class="place">{place}</td>'
            f'<td>{escape(line.name)}<span class="ref code">{escape(line.reference)}</span></td>'
            f'<td class="votes">{number(line.votes)}</td>'
            f'<td class="chart"><span class="percent">{escape(percent)} %</span>'
            f'<div class="bar" aria-hidden="true"><span style="width:{width:.2f}%">'
            f"</span></div></td></tr>"
        )
    nav = "".join(
        f'<li><a href="{other}.html" lang="{other}" hreflang="{other}"'
        + (' aria-current="page"' if other == locale else "")
        + f">{LANGUAGE_NAMES[other]}</a></li>"
        for other in LOCALES
    )
    share_text = format_decimal(round(100 * board.rule.min_gender_share, 1), locale=locale)
    rule = t("board-rule-text", seats=board.rule.seats, share=share_text)
    if board.rule.regional:
        rule += " " + t("board-rule-regional")
    closed = datetime.fromisoformat(board.closed_at).strftime("%Y-%m-%d %H:%M")
    search = ""
    if board.receipts is not ReceiptsMode.OFF:
        search = (
            f'<section aria-labelledby="search-title"><h2 id="search-title">{t("board-search")}'
            f'</h2><form id="search" role="search"><label for="code">'
            f'{t("board-search-label")}</label><input id="code" name="code" '
            f'autocomplete="off" autocapitalize="characters" spellcheck="false">'
            f'<button type="submit">{t("board-search-button")}</button></form>'
            f'<p id="found" role="status" aria-live="polite" '
            f'data-found="{t("board-search-found")}" data-for="{t("board-search-for")}" '
            f'data-missing="{t("board-search-missing")}" data-empty="{t("board-search-empty")}">'
            f"</p></section>"
        )
    summary = [
        ("board-closed", escape(closed)),
        ("board-voters", number(board.voters)),
        ("board-ballots", number(board.ballots)),
        ("board-candidates", number(len(board.lines))),
        ("board-seed", f'<span class="code">{escape(board.seed)}</span>'),
        ("board-rule", rule),
    ]
    audit = [
        ("board-audit-entry", f'<span class="code">{anchor.seq}</span>'),
        ("board-audit-head", f'<span class="code">{escape(anchor.hash)}</span>'),
        ("board-hash", f'<span class="code">{escape(digest(board))}</span>'),
    ]

    def listing(items: list[tuple[str, str]]) -> str:
        return (
            "<dl>" + "".join(f"<dt>{t(key)}</dt><dd>{value}</dd>" for key, value in items) + "</dl>"
        )

    script = ""
    if board.receipts is not ReceiptsMode.OFF:
        script = f"<script>{SCRIPT}</script>"
    return (
        f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style></head><body><main>"
        f'<nav aria-label="{t("board-language")}"><ul>{nav}</ul></nav>'
        f"<h1>{title}</h1>"
        f"<section><h2>{t('board-summary')}</h2>{listing(summary)}"
        f"<p>{t(RECEIPT_KEYS[board.receipts])}</p></section>"
        f"{search}"
        f'<section><table id="board"><caption>{t("board-table")}</caption><thead><tr>'
        f'<th class="place" scope="col">{t("board-col-place")}</th>'
        f'<th scope="col">{t("board-col-candidate")}</th>'
        f'<th class="votes" scope="col">{t("board-col-votes")}</th>'
        f'<th class="chart" scope="col">{t("board-col-chart")}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
        f"<section><h2>{t('board-audit')}</h2>{listing(audit)}</section>"
        f"<section><h2>{t('board-files')}</h2><ul>"
        f'<li><a href="board.json">board.json</a></li><li><a href="board.csv">board.csv</a></li>'
        f"</ul><p>{t('board-verify')}</p>"
        f'<p class="code">python -m bot results verify DIR</p></section></main>'
        f'<script type="application/json" id="receipts">'
        f"{_json_in_html(receipts_on_page(board))}</script>{script}</body></html>"
    )


def files(board: Board, anchor: Anchor, core: Texts, default_locale: str) -> dict[str, bytes]:
    """Every file of the published round, by name: a page per language, index.html (the
    default language's), board.json and board.csv."""
    out: dict[str, bytes] = {}
    for locale in LOCALES:
        out[f"{locale}.html"] = page(board, anchor, core, locale).encode("utf-8")
    out["index.html"] = out[f"{default_locale}.html"]
    body = json.dumps(published(board, anchor), ensure_ascii=False, indent=1)
    out["board.json"] = body.encode("utf-8")
    out["board.csv"] = to_csv(board).encode("utf-8")
    return out


CONTENT_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def content_type(name: str) -> str:
    return CONTENT_TYPES[name.rsplit(".", 1)[-1]]
