"""A job title's level, from the keywords of the mapping's `[levels]` table.

Latin titles: case, dots and punctuation are ignored ("Dir." is "dir", "VP, Network Planning" is
"vp network planning"), keywords match whole words, and the earliest keyword wins, the longest at
the same place ("Vice President" is vp, not the "president" inside it; "Director, Office of the
CEO" is director; "Assistant to the CEO" is staff). Chinese titles put their head last, so there
the keyword ending last wins, the longest at the same end ("采购部经理" is manager, "副总裁" vp,
"总经理助理" staff). No keyword: no level.
"""

import re
from collections.abc import Iterable

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
WORD_BREAKS = re.compile(r"[^\w]+")


def _words(text: str) -> list[str]:
    return [word for word in WORD_BREAKS.split(text.casefold().replace(".", "")) if word]


def level_of(title: str, levels: Iterable[tuple[str, str]]) -> str | None:
    """The level a job title suggests, or None when no keyword of the table is in it."""
    words = _words(title)
    latin: list[tuple[int, int, str]] = []
    chinese: list[tuple[int, int, str]] = []
    for keyword, level in levels:
        if CJK.search(keyword):
            end = title.rfind(keyword)
            if end >= 0:
                chinese.append((end + len(keyword), len(keyword), level))
            continue
        phrase = _words(keyword)
        for start in range(len(words) - len(phrase) + 1):
            if words[start:start + len(phrase)] == phrase:
                latin.append((-start, len(phrase), level))
                break
    found = chinese or latin
    return max(found)[2] if found else None
