"""A compiled pattern behind a cheap substring test.

``needing(words, pattern)`` behaves as ``pattern`` (search, match, fullmatch, finditer,
findall, sub) but answers at once — no match — when the text holds none of ``words``: for a
pattern that cannot match without one of them (a literal every alternative contains), which is
the common case for the long rules run on every clause. Python's ``in`` on a str is a fast C
scan; a regex with a leading ``[\u4e00-\u9fff]{0,20}`` or a lookbehind retried at every
position is not.

The claim "no match without one of ``words``" is the caller's; ``VERIFY`` (set by the tests)
runs the pattern anyway whenever the test says no and records any match it finds, so a rule
edited to match without its words is caught on the test corpora (tests/normalize/test_prefilter.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

VERIFY = False
violations: list[tuple[str, str]] = []  # (pattern, text) pairs the test said could not match


class Prefiltered:
    __slots__ = ("_pattern", "_words", "pattern")

    def __init__(self, words: tuple[str, ...], pattern: re.Pattern[str]) -> None:
        self._pattern = pattern
        self._words = words
        self.pattern = pattern.pattern

    def _absent(self, text: str) -> bool:
        for word in self._words:
            if word in text:
                return False
        if VERIFY:
            self._verify(text)
        return True

    def _verify(self, text: str) -> None:
        """(tests) The words are absent from ``text``: record any match the pattern finds anyway."""
        if self._pattern.search(text):
            violations.append((self.pattern, text))

    # search, match, finditer and sub are the hot calls (hundreds a report, the words mostly
    # absent): the test is written out in them, one Python call fewer than through _absent.

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        for word in self._words:
            if word in text:
                return self._pattern.search(text, *args)
        if VERIFY:
            self._verify(text)
        return None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        for word in self._words:
            if word in text:
                return self._pattern.match(text, *args)
        if VERIFY:
            self._verify(text)
        return None

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        return None if self._absent(text) else self._pattern.fullmatch(text, *args)

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        for word in self._words:
            if word in text:
                return self._pattern.finditer(text, *args)
        if VERIFY:
            self._verify(text)
        return iter(())

    def findall(self, text: str, *args: int) -> list[Any]:
        return [] if self._absent(text) else self._pattern.findall(text, *args)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        for word in self._words:
            if word in text:
                return self._pattern.sub(repl, text, count)
        if VERIFY:
            self._verify(text)
        return text


class Gated(Prefiltered):
    """A Prefiltered pattern with a second test: a short pattern every match holds (its mandatory
    ending, say), searched only when a word is present — one fast scan from the gate's literal start
    where the whole pattern would be tried at every position of a long line."""

    __slots__ = ("_gate",)

    def __init__(self, words: tuple[str, ...], gate: re.Pattern[str], pattern: re.Pattern[str]) -> None:
        super().__init__(words, pattern)
        self._gate = gate

    def _absent(self, text: str) -> bool:
        for word in self._words:
            if word in text:
                break
        else:
            if self._words:  # (no words: the gate alone)
                return self._missing(text)
        return False if self._gate.search(text) else self._missing(text)

    def _missing(self, text: str) -> bool:
        if VERIFY:
            self._verify(text)
        return True

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        return None if self._absent(text) else self._pattern.search(text, *args)

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        return None if self._absent(text) else self._pattern.match(text, *args)

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        return iter(()) if self._absent(text) else self._pattern.finditer(text, *args)

    def sub(self, repl: str | Callable[[re.Match[str]], str], text: str, count: int = 0) -> str:
        return text if self._absent(text) else self._pattern.sub(repl, text, count)


def needing(words: tuple[str, ...], pattern: re.Pattern[str], gate: re.Pattern[str] | None = None) -> Prefiltered:
    """``pattern``, tested for one of ``words`` first (it cannot match without one) and, when given,
    for ``gate`` (a pattern every match of ``pattern`` holds a match of; with a gate, ``words`` may be
    empty: the gate alone is tested)."""
    return Prefiltered(words, pattern) if gate is None else Gated(words, gate, pattern)
