"""Find and normalise statement dates written in Chinese or English."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7,
    "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH_WORD = (
    r"(January|February|March|April|May|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_ZH_NUM = "〇零一二三四五六七八九十"
_ZH = re.compile(rf"([0-9{_ZH_NUM}]{{4}})\s*年\s*([0-9{_ZH_NUM}]{{1,3}})\s*月\s*([0-9{_ZH_NUM}]{{1,3}})\s*[日号]")
_EN_MDY = re.compile(rf"\b{_MONTH_WORD}\s*(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
_EN_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH_WORD},?\s+(\d{{4}})\b", re.I)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = r"(?:\s*(?:星期|周)[一二三四五六日天]|\s*[（(][^)）]{1,10}[)）]|,?\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?)?"


def find_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, or None."""
    found = []
    for pattern, order in ((_ZH, "ymd"), (_ISO, "ymd"), (_EN_MDY, "mdy"), (_EN_DMY, "dmy")):
        match = pattern.search(text)
        if match:
            iso = _to_iso(match.groups(), order)
            if iso:
                found.append((match.start(), iso))
    return min(found)[1] if found else None


def is_date_line(line: str) -> bool:
    """True when the whole line is a date (perhaps with a weekday)."""
    stripped = line.strip()
    for pattern in (_ZH, _ISO, _EN_MDY, _EN_DMY):
        if re.fullmatch(rf"{_WEEKDAY}\s*(?:{pattern.pattern}){_WEEKDAY}\s*", stripped, pattern.flags):
            return find_date(stripped) is not None
    return False


def _to_iso(groups: tuple[str, ...], order: str) -> str | None:
    if order == "mdy":
        month, day, year = groups
    elif order == "dmy":
        day, month, year = groups
    else:
        year, month, day = groups
    try:
        value = date(_number(year), _number(month), _number(day))
    except (TypeError, ValueError):
        return None
    return value.isoformat()


def _number(text: str) -> int | None:
    """Arabic digits, month names, or Chinese numerals (二〇二五, 二十三)."""
    key = text.lower().rstrip(".")
    if key[:3] in _MONTHS and key.isalpha():
        return _MONTHS[key[:4] if key[:4] == "sept" else key[:3]]
    if text.isdigit() and text.isascii():
        return int(text)
    digits = {ch: i for i, ch in enumerate("〇一二三四五六七八九")}
    digits["零"] = 0
    if "十" not in text:
        if not all(ch in digits for ch in text):
            return None
        return int("".join(str(digits[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    if (tens and tens not in digits) or (ones and ones not in digits):
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)
