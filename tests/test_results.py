"""The published board: fixed at close and tied to the audit chain, announced to the working
group, to every voter (with a «check my vote» button) and, as the chain's head, to the public
channel; written by `results publish`, recounted by `results verify` (0, or 1 naming what
differs), and served by the bot's own web server at /results/<round>/."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr
from sqlalchemy import select, update

from bot.app import create_web_app
from bot.render import long_date
from domain.board import ReceiptsMode, Rule, make_board, recount
from storage import voting as vote_store
from storage.models import AuditEntry, AuditHead, Nomination
from storage.vote_tables import Ballot, RoundBoard
from tests.fixtures.processes import command_line
from tests.fixtures.vote import closed_round
from tests.flows import t

pytestmark = pytest.mark.sql  # also run on PostgreSQL: see the Makefile's `test`

CHANNEL = -1001234567890
BASE = "https://example.kz/results"


@pytest.fixture
def settings(settings):
    settings.audit_channel_id = CHANNEL
    settings.results_base_url = BASE
    return settings


async def stored(sessionmaker, round_id):
    """What the database says: votes and receipts by reference."""
    async with sessionmaker() as session:
        counts = await vote_store.counts(session, round_id)
        references = dict(
            (await session.execute(select(Nomination.id, Nomination.reference))).all()
        )
        receipts: dict[str, list[str]] = {references[n]: [] for n in counts}
        rows = await session.execute(
            select(Ballot.nomination_id, Ballot.receipt).where(Ballot.round_id == round_id)
        )
        for nomination_id, receipt in rows.all():
            receipts[references[nomination_id]].append(receipt)
    votes = {references[n]: c for n, c in counts.items()}
    return votes, {ref: sorted(codes) for ref, codes in receipts.items()}


async def test_close_fixes_the_board_and_tells_the_channel_the_group_and_the_voters(
    app, texts, sessionmaker, clock, voting
):
    vote_round, wg = await closed_round(app, texts, voting)
    async with sessionmaker() as session:
        head = await session.get(AuditHead, 1)
        last = await session.get(AuditEntry, head.seq)
        board = await session.get(RoundBoard, vote_round.id)
    # The board's hash is the chain's last entry, and the head posted is that entry's.
    assert (last.action, last.subject) == ("round.board", f"round:{vote_round.id}")
    assert json.loads(last.details)["sha256"] == board.sha256
    assert board.audit_seq == head.seq
    (post,) = app.session.sent_to(CHANNEL)
    day = long_date(date(2026, 11, 22), "kk")
    assert post.text == t(
        texts, "kk", "audit-head-post", date=day, entries=head.seq, head=head.hash
    )

    assert wg.last.text == t(
        texts, "en", "board-published-staff", round=vote_round.id, url=f"{BASE}/1/"
    )
    for user_id, locale in ((95, "kk"), (96, "ru"), (97, "en")):
        notice = app.session.sent_to(user_id)[-1]
        assert notice.text == t(texts, locale, "board-published-voter", round=vote_round.id)
        assert notice.buttons == [t(texts, locale, "board-check-button")]
        assert notice.markup.inline_keyboard[0][0].url == f"{BASE}/1/{locale}.html"


async def test_publish_then_verify_and_every_edit_is_named(
    app, texts, sessionmaker, voting, tmp_path, database_url
):
    vote_round, _ = await closed_round(app, texts, voting)
    votes, receipts = await stored(sessionmaker, vote_round.id)
    out = tmp_path / "round-1"
    done = command_line(["results", "publish", "1", "--out", str(out)], tmp_path, database_url)
    assert done.returncode == 0, done.stderr
    names = {"index.html", "kk.html", "ru.html", "en.html", "board.json", "board.csv"}
    assert {p.name for p in out.iterdir()} == names
    published = json.loads((out / "board.json").read_text(encoding="utf-8"))
    lines = published["board"]["candidates"]
    assert {c["reference"]: c["votes"] for c in lines} == votes
    assert {c["reference"]: c["receipts"] for c in lines} == receipts
    assert published["board"]["ballots"] == 6 and published["board"]["voters"] == 3

    verified_ok = command_line(["results", "verify", str(out)], tmp_path, database_url)
    assert verified_ok.returncode == 0, verified_ok.stderr
    head = published["audit"]["hash"]
    assert (
        command_line(
            ["results", "verify", str(out), "--head", head], tmp_path, database_url
        ).returncode
        == 0
    )

    # One count edited in board.json: named by its candidate.
    top = lines[0]
    edited = tmp_path / "count"
    shutil.copytree(out, edited)
    changed = json.loads((edited / "board.json").read_text(encoding="utf-8"))
    changed["board"]["candidates"][0]["votes"] += 1
    (edited / "board.json").write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    result = command_line(["results", "verify", str(edited)], tmp_path, database_url)
    assert result.returncode == 1
    assert (
        f"candidate {top['reference']} ({top['name']}): {top['votes'] + 1} votes" in result.stderr
    )

    # One receipt edited in the CSV: named by its candidate.
    edited = tmp_path / "receipt"
    shutil.copytree(out, edited)
    text = (edited / "board.csv").read_text(encoding="utf-8")
    code = top["receipts"][0]
    (edited / "board.csv").write_text(text.replace(code, "ZZZZ0000", 1), encoding="utf-8")
    result = command_line(["results", "verify", str(edited)], tmp_path, database_url)
    assert result.returncode == 1
    assert f"board.csv: candidate {top['reference']} ({top['name']}): receipts differ" in (
        result.stderr
    )

    # A count edited on one page only.
    edited = tmp_path / "page"
    shutil.copytree(out, edited)
    page = (edited / "ru.html").read_text(encoding="utf-8")
    row = f'data-ref="{top["reference"]}" data-votes="{top["votes"]}"'
    assert row in page
    (edited / "ru.html").write_text(
        page.replace(row, f'data-ref="{top["reference"]}" data-votes="9"'), encoding="utf-8"
    )
    result = command_line(["results", "verify", str(edited)], tmp_path, database_url)
    assert result.returncode == 1
    assert f"ru.html: candidate {top['reference']} ({top['name']}): 9 votes" in result.stderr

    # A head other than the one published at close.
    other = "0" * 64
    result = command_line(["results", "verify", str(out), "--head", other], tmp_path, database_url)
    assert result.returncode == 1 and "chain head: published " + other in result.stderr

    # The audit log's entry rewritten (the chain rebuilt to fit): the head no longer matches.
    async with sessionmaker() as session:
        await session.execute(
            update(AuditEntry)
            .where(AuditEntry.seq == published["audit"]["seq"])
            .values(hash="f" * 64)
        )
        await session.commit()
    result = command_line(["results", "verify", str(out)], tmp_path, database_url)
    assert result.returncode == 1
    assert f"chain head: audit entry {published['audit']['seq']} is {'f' * 64}" in result.stderr


async def test_the_bots_web_server_serves_what_publish_writes(
    app, texts, sessionmaker, voting, tmp_path, database_url, settings
):
    vote_round, _ = await closed_round(app, texts, voting)
    out = tmp_path / "round-1"
    assert (
        command_line(
            ["results", "publish", "1", "--out", str(out)], tmp_path, database_url
        ).returncode
        == 0
    )
    settings.webhook_url = "https://bot.example.kz/telegram/updates"
    settings.webhook_secret = SecretStr("a-webhook-secret-of-some-length")
    web_app = create_web_app(app.built, sessionmaker)
    web_app.on_startup.clear()  # the dispatcher is started by the test's app already
    web_app.on_cleanup.clear()
    async with TestClient(TestServer(web_app)) as client:
        for name in ("kk.html", "ru.html", "en.html", "board.json", "board.csv"):
            response = await client.get(f"/results/{vote_round.id}/{name}")
            assert response.status == 200
            assert await response.read() == (out / name).read_bytes()
        response = await client.get(f"/results/{vote_round.id}", allow_redirects=False)
        assert response.status == 301 and response.headers["Location"] == "/results/1/"
        response = await client.get("/results/1/")
        assert await response.read() == (out / "kk.html").read_bytes()  # DEFAULT_LOCALE
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]
        assert (await client.get("/results/2/en.html")).status == 404  # no such round
        assert (await client.get("/results/1/secret.txt")).status == 404


async def test_an_open_round_has_no_board(app, texts, voting, tmp_path, database_url):
    result = command_line(
        ["results", "publish", "1", "--out", str(tmp_path / "x")], tmp_path, database_url
    )
    assert result.returncode == 1 and "round 1 is not closed" in result.stderr


def test_inclusion_lists_every_code_under_no_candidate_and_off_lists_none():
    from datetime import UTC, datetime

    people = [(1, "100-2026-000001", "А"), (2, "100-2026-000002", "Б")]
    codes = {1: ["K2", "K1"], 2: ["K3"]}
    at = datetime(2026, 11, 29, 13, 0, tzinfo=UTC)
    rule = Rule(100, True, 0.3)
    inclusion = make_board(1, at, "seed", rule, ReceiptsMode.INCLUSION, 5, people, codes)
    assert [(line.votes, line.receipts) for line in inclusion.lines] == [(2, ()), (1, ())]
    assert inclusion.included == ("K1", "K2", "K3") and recount(inclusion) == []
    off = make_board(1, at, "seed", rule, ReceiptsMode.OFF, 5, people, codes)
    assert off.included == () and all(line.receipts == () for line in off.lines)
    assert off.ballots == 3 and recount(off) == []
    board = make_board(1, at, "seed", rule, ReceiptsMode.BOARD, 5, people, codes)
    assert board.lines[0].receipts == ("K1", "K2")


async def test_with_receipts_inclusion_every_code_is_listed_under_no_candidate(
    app, texts, sessionmaker, voting, tmp_path, database_url, settings
):
    settings.receipts = "inclusion"
    vote_round, _ = await closed_round(app, texts, voting)
    votes, receipts = await stored(sessionmaker, vote_round.id)
    out = tmp_path / "round-1"
    done = command_line(["results", "publish", "1", "--out", str(out)], tmp_path, database_url)
    assert done.returncode == 0, done.stderr
    board = json.loads((out / "board.json").read_text(encoding="utf-8"))["board"]
    assert board["receipts"] == "inclusion"
    assert {c["reference"]: c["votes"] for c in board["candidates"]} == votes
    assert all(c["receipts"] == [] for c in board["candidates"])
    assert board["included"] == sorted(code for codes in receipts.values() for code in codes)
    page = (out / "en.html").read_text(encoding="utf-8")
    assert t(texts, "en", "board-receipts-inclusion") in page
    assert command_line(["results", "verify", str(out)], tmp_path, database_url).returncode == 0
