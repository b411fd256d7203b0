"""Numbers: read the figures a Chinese or Mongolian sentence states, as plain values.

The Mongolian edition restates 万/亿 figures in сая (million), тэрбум (billion)
and мянга (thousand): 1964.1万吨 = 19.641 сая тонн. Comparing values, not digit
strings, is how a check can tell the two editions state the same number.
"""

from __future__ import annotations

import re
from decimal import Decimal

_ZH = re.compile(r"(\d+(?:\.\d+)?)\s*(亿|万)?(?:(\d+(?:\.\d+)?)\s*(万))?")
_MN_SCALE = {"мянга": 10**3, "мянган": 10**3, "сая": 10**6, "тэрбум": 10**9}
_MN = re.compile(r"(\d+(?:\.\d+)?)(?:\s*(мянган|мянга|сая|тэрбум))?", re.IGNORECASE)
_ZH_SCALE = {"万": 10**4, "亿": 10**8}
CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _norm(value: Decimal) -> Decimal:
    return value.normalize() if value != value.to_integral() else value.quantize(Decimal(1))


def zh_values(text: str) -> list[Decimal]:
    """Values of the figures in Chinese text: "1亿1293万元" is one value, 112930000."""
    out = []
    for m in _ZH.finditer(text):
        value = Decimal(m.group(1)) * _ZH_SCALE.get(m.group(2) or "", 1)
        if m.group(3):  # "1亿1293万": the second part is in 万
            value += Decimal(m.group(3)) * _ZH_SCALE[m.group(4)]
        out.append(_norm(value))
    return out


def mn_values(text: str) -> list[Decimal]:
    """Values of the figures in Mongolian text: "19.641 сая" is 19641000."""
    return [_norm(Decimal(m.group(1)) * _MN_SCALE.get((m.group(2) or "").lower(), 1)) for m in _MN.finditer(text)]


def values(text: str, lang: str) -> list[Decimal]:
    return mn_values(text) if lang.startswith("mn") else zh_values(text)


def chinese_numeral_values(text: str) -> set[Decimal]:
    """Small numbers a Chinese sentence writes in characters (两个, 第六个), which a translation may write in digits."""
    return {Decimal(v) for c, v in CHINESE_DIGITS.items() if c in text}
