"""Alphabetical order as a Kazakh reader expects it: Ә after А, Ғ after Г, Қ after К, and so
on, rather than after Я as code points would put them. Latin letters and digits keep their
usual order, after Cyrillic."""

from __future__ import annotations

KAZAKH_ALPHABET = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_RANK = {letter: index for index, letter in enumerate(KAZAKH_ALPHABET)}


def sort_key(text: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, _RANK[char]) if char in _RANK else (1, char) for char in text.casefold())
