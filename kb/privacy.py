"""Privacy: mask phone numbers, e-mail addresses and ID-like numbers before a log record reaches the disk.

A visitor at the booth typed a phone number into a question; the log keeps what was asked, so
anything that identifies a person is replaced where the record is built, before it is written:
"[email]", "[id]" (identity cards, passports, Mongolian register numbers, card numbers) and "[phone]".
The report's own figures are never masked: they are written with 万/亿, decimals or thousands
separators and never run to seven bare digits (tests check every eval question and report line).
"""

from __future__ import annotations

import re

from kb import langs

EMAIL, ID, PHONE = "[email]", "[id]", "[phone]"

_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
# Identity numbers first: an 18-character Chinese resident ID would otherwise read as a long phone number.
_IDS = [
    re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])"),  # Chinese resident identity card
    *langs.cue_patterns("id_number"),  # as each language's country writes them (a Mongolian register number)
    re.compile(r"(?<![0-9A-Za-z])[A-Za-z]{1,2}\d{7,9}(?![0-9A-Za-z])"),  # passport-like (E12345678)
]
# Digits in groups (spaces, dashes, dots, brackets between them), optionally after + or 00: a phone
# number when it holds 7 to 15 digits, a card or account number past that.
_DIGITS = re.compile(r"(?<![0-9A-Za-z.,])(?:\+|00)?\(?\d(?:[\s\-.()]{0,2}\d){6,}\)?(?![0-9A-Za-z])")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
# Written after a figure, a unit makes it a quantity, not a phone number: "12345678吨", "1234567 тонн".
_UNITS = [re.compile(r"\s?%"), *langs.cue_patterns("unit_after")]
_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}$|(19|20)\d{2}\s?[-–/\s]\s?(19|20)\d{2}$")


def _digits(match: re.Match[str]) -> str:
    text = match.group()
    digits = re.sub(r"\D", "", text)
    groups = re.findall(r"\d+", text)
    # A phone number is written in groups of two digits or more ("+976 9911 2233", "0479-7521234");
    # a lone digit between them is a figure's part, as in "2024 1-11 sard".
    if len(digits) < 7 or _DATE.match(text.strip("()")) or any(len(g) < 2 for g in groups[1:]):
        return text
    if text.count(".") == 1 and not text.startswith("+") and len(digits) < 10:
        return text  # a decimal figure ("1964.1") or a dotted date, not a number to dial
    if len(digits) > 15:
        return ID
    if not _CN_MOBILE.fullmatch(digits) and any(u.match(match.string, match.end()) for u in _UNITS):
        return text
    return PHONE


def mask(text: str) -> str:
    """`text` with every e-mail address, ID-like number and phone number replaced by a placeholder."""
    if not text or not any(ch.isdigit() or ch == "@" for ch in text):
        return text
    text = _EMAIL.sub(EMAIL, text)
    for pattern in _IDS:
        text = pattern.sub(ID, text)
    return _DIGITS.sub(_digits, text)


# Fields the program writes, never a visitor: citation ids are hex digests that may hold seven digits in a row.
_OURS = frozenset({"time", "citations", "channel", "lang", "found", "rating"})


def mask_record(record: object) -> object:
    """A log record with every string in it masked (nested lists and dicts too); other values unchanged."""
    if isinstance(record, str):
        return mask(record)
    if isinstance(record, dict):
        return {key: value if key in _OURS else mask_record(value) for key, value in record.items()}
    if isinstance(record, list):
        return [mask_record(value) for value in record]
    return record
