"""Passage search: where a verbatim span occurs in a source (``locate``), and the passage most like
a span that does not occur (``closest_passage``), for "not found verbatim" messages."""
from __future__ import annotations

import difflib
import re
import time
from typing import Optional

from ..model import Source

CLOSEST_FULL_SCAN_CHARS = 200_000  # up to this size every window is compared (real sources: < 30 kB)
CLOSEST_MAX_ANCHORS = 400  # beyond it, windows are compared only around this many anchor words
CLOSEST_SECONDS = 2.0  # and the search gives up after this long
CLOSEST_MAX_NEEDLE = 5_000  # a "quotation" longer than this is not compared at all


def _closest_scan(text: str, needle: str, deadline: float) -> tuple[str, float]:
    words = list(re.finditer(r"\S+", text))
    n = max(1, len(needle.split()))
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle)
    for i in range(0, max(1, len(words) - n + 1)):
        window = words[i:i + n]
        if not window:
            break
        if i % 256 == 0 and time.monotonic() > deadline:
            break
        candidate = text[window[0].start():window[-1].end()]
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best, best_ratio


def closest_passage(text: str, needle: str, seconds: float = CLOSEST_SECONDS) -> str:
    """The passage of text that looks most like needle (for 'did you mean' messages).

    On a text longer than any real source, only the passages around the needle's rarest words
    are compared, within a time limit; "" when nothing comparable was found.
    """
    deadline = time.monotonic() + seconds
    if len(needle) > CLOSEST_MAX_NEEDLE:
        return ""
    if len(text) <= CLOSEST_FULL_SCAN_CHARS:
        return _closest_scan(text, needle, deadline)[0]
    tokens = sorted({w for w in re.findall(r"\w{3,}", needle)}, key=len, reverse=True)[:6] or needle.split()[:3]
    reach = len(needle) + 200
    spans: list[tuple[int, int]] = []
    for token in tokens:
        pos, found = text.find(token), 0
        while pos >= 0 and found < CLOSEST_MAX_ANCHORS // max(1, len(tokens)):
            a, b = max(0, pos - reach), min(len(text), pos + reach)
            while a > 0 and a > pos - 2 * reach and not text[a - 1].isspace():  # whole words only
                a -= 1
            while b < len(text) and b < pos + 2 * reach and not text[b].isspace():
                b += 1
            spans.append((a, b))
            found += 1
            pos = text.find(token, pos + 1)
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    best, best_ratio = "", -1.0
    for a, b in merged:
        if time.monotonic() > deadline:
            break
        candidate, ratio = _closest_scan(text[a:b], needle, deadline)
        if ratio > best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _occurrences(text: str, needle: str) -> list[int]:
    """Where ``needle`` starts in ``text``, left to right, without overlaps (as a search for the
    literal text would find it; no pattern is compiled: a casefile has hundreds of quotes)."""
    if not needle:
        return list(range(len(text) + 1))
    out, at = [], text.find(needle)
    while at != -1:
        out.append(at)
        at = text.find(needle, at + len(needle))
    return out


def locate(source: Source, needle: str, occurrence: Optional[int]) -> tuple[Optional[int], str]:
    """Offset of the verbatim span in the source, or None and the reason it was not found."""
    starts = _occurrences(source.text, needle)
    if not starts:
        near = closest_passage(source.text, needle)
        if not near:
            why = (f"the text has {len(needle):,} characters, too long to compare" if len(needle) > CLOSEST_MAX_NEEDLE
                   else f"no similar passage found in its {len(source.text):,} characters")
            return None, f"not found verbatim in source {source.id!r}; {why}"
        return None, f"not found verbatim in source {source.id!r}; closest passage: {near!r}"
    if occurrence is None:
        if len(starts) > 1:
            lines = ", ".join(str(source.line_of(s)) for s in starts[:20]) + (", ..." if len(starts) > 20 else "")
            return None, (f"found {len(starts)} times in source {source.id!r} (lines {lines}); "
                          f"add 'occurrence: N' to say which")
        return starts[0], ""
    if not 1 <= occurrence <= len(starts):
        return None, f"occurrence {occurrence} asked, but the text occurs {len(starts)} time(s) in {source.id!r}"
    return starts[occurrence - 1], ""

