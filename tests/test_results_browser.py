"""The results page in a real browser (Debian's chromium, driven by Selenium), as the bot's own
web server serves it, in kk, ru and en: its table equals the database's counts, a receipt typed
into its search is found (and a wrong one is not), a phone's 360 px screen has no horizontal
scroll, and its colours meet WCAG AA. `tests/browser.sh` (called by `tests/services.sh`)
installs chromium and chromium-driver when they are missing."""

from __future__ import annotations

import asyncio
import shutil
import struct
import tempfile
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import create_web_app
from storage import voting as vote_store
from storage.models import Nomination
from storage.vote_tables import Ballot
from tests.fixtures.vote import closed_round
from tests.flows import t

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="chromium and chromium-driver are installed by tests/browser.sh (make test)",
)

# The contrast WCAG AA asks of text: 4.5:1 (large text and the bars' shapes: 3:1).
CONTRAST_OF = """
function lum(c){var m=c.match(/\\d+(\\.\\d+)?/g).map(Number);
return m.slice(0,3).map(function(v){v/=255;return v<=0.03928?v/12.92:Math.pow((v+0.055)/1.055,2.4);})
.reduce(function(a,v,i){return a+v*[0.2126,0.7152,0.0722][i];},0);}
function bg(el){while(el){var c=getComputedStyle(el).backgroundColor;
if(c&&c!=='rgba(0, 0, 0, 0)'&&c!=='transparent')return c;el=el.parentElement;}return 'rgb(255,255,255)';}
var el=arguments[0],a=lum(getComputedStyle(el).color),b=lum(bg(el));
return (Math.max(a,b)+0.05)/(Math.min(a,b)+0.05);
"""


def browser(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def png_width(png: bytes) -> int:
    return struct.unpack(">I", png[16:20])[0]


def look(url: str, expected: dict[str, int], receipt: str, found: str, missing: str) -> dict:
    """What a person sees on the page at `url`, driven through a fresh browser profile."""
    from selenium.webdriver.common.by import By

    profile = tempfile.mkdtemp(prefix="results-browser-")
    driver = browser(profile)
    try:
        seen: dict = {}
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1024, "height": 800, "deviceScaleFactor": 1, "mobile": False},
        )
        driver.get(url)
        rows = driver.find_elements(By.CSS_SELECTOR, "#board tbody tr")
        seen["table"] = {
            row.get_attribute("data-ref"): int(
                row.find_element(By.CSS_SELECTOR, "td.votes").text.replace("\u00a0", "")
            )
            for row in rows
        }
        seen["names"] = {
            row.get_attribute("data-ref"): row.get_attribute("data-name") for row in rows
        }
        field = driver.find_element(By.ID, "code")
        field.send_keys(receipt)
        driver.find_element(By.CSS_SELECTOR, "#search button").click()
        seen["found"] = driver.find_element(By.ID, "found").text
        seen["highlighted"] = [
            row.get_attribute("data-ref")
            for row in driver.find_elements(By.CSS_SELECTOR, "#board tbody tr.hit")
        ]
        field.clear()
        field.send_keys("NOSUCH00")
        driver.find_element(By.CSS_SELECTOR, "#search button").click()
        seen["missing"] = driver.find_element(By.ID, "found").text
        seen["contrast"] = {
            selector: driver.execute_script(CONTRAST_OF, element)
            for selector in ("body", "th", ".ref", "a", "button", "#found", "td.votes", "dt")
            for element in driver.find_elements(By.CSS_SELECTOR, selector)[:1]
        }
        # A phone: 360 CSS pixels wide.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True},
        )
        driver.get(url)
        seen["client_width"] = driver.execute_script("return document.documentElement.clientWidth")
        seen["scroll_width"] = driver.execute_script("return document.documentElement.scrollWidth")
        seen["screenshot_width"] = png_width(driver.get_screenshot_as_png())
        seen["requests"] = driver.execute_script(
            "return performance.getEntriesByType('resource').map(function(e){return e.name})"
        )
        return seen
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


async def test_the_page_in_a_real_browser_in_three_languages(
    app, texts, sessionmaker, voting, settings
):
    vote_round, _ = await closed_round(app, texts, voting)
    async with sessionmaker() as session:
        counts = await vote_store.counts(session, vote_round.id)
        references = dict(
            (await session.execute(select(Nomination.id, Nomination.reference))).all()
        )
        names = dict((await session.execute(select(Nomination.id, Nomination.full_name))).all())
        nomination_id, receipt = (
            await session.execute(
                select(Ballot.nomination_id, Ballot.receipt).where(Ballot.round_id == vote_round.id)
            )
        ).first()
    expected = {references[n]: c for n, c in counts.items()}

    settings.webhook_url = "https://bot.example.kz/telegram/updates"
    settings.webhook_secret = SecretStr("a-webhook-secret-of-some-length")
    web_app = create_web_app(app.built, sessionmaker)
    web_app.on_startup.clear()  # the test's app has started the dispatcher already
    web_app.on_cleanup.clear()
    server = TestServer(web_app, host="127.0.0.1")
    await server.start_server()
    try:
        for locale in ("kk", "ru", "en"):
            url = str(server.make_url(f"/results/{vote_round.id}/{locale}.html"))
            found = t(texts, locale, "board-search-found")
            missing = t(texts, locale, "board-search-missing")
            seen = await asyncio.to_thread(look, url, expected, receipt, found, missing)
            assert seen["table"] == expected, locale
            name = names[nomination_id]
            assert seen["found"] == f"{found} {t(texts, locale, 'board-search-for')} {name}"
            assert seen["highlighted"] == [references[nomination_id]]
            assert seen["missing"] == missing
            assert seen["client_width"] == 360
            assert seen["scroll_width"] <= 360, (locale, seen["scroll_width"])
            assert seen["screenshot_width"] == 360
            assert seen["requests"] == []  # nothing fetched: no library, no font, no image
            low = {s: round(c, 2) for s, c in seen["contrast"].items() if c < 4.5}
            assert len(seen["contrast"]) == 8 and low == {}, low
    finally:
        await server.close()
