"""Interface strings in Simplified and Traditional Chinese, Mongolian and English, and the page's language tag.

Only the interface follows this choice; an answer is always in its question's language
(the chain decides that), so a Mongolian visitor on the Chinese interface still reads Mongolian.
The words themselves are in ui/strings.py; Traditional is converted from Simplified (opencc).
"""

from __future__ import annotations

from kb import langs
from kb.chain import MAX_QUESTION
from kb.langs.zh import HANS, HANT
from ui.strings import EN as _EN
from ui.strings import MN as _MN
from ui.strings import ZH as _ZH

ZH, ZH_HANT, MN, EN = "zh", "zh-Hant", "mn", "en"
DEFAULT = ZH
# (label, value) pairs for the switch: each language named in itself.
CHOICES = [("简体中文", ZH), ("繁體中文", ZH_HANT), ("Монгол", MN), ("English", EN)]
# <html lang> per interface language: picks the CJK font variant and tells screen readers what they read.
HTML_LANG = {ZH: "zh-Hans", ZH_HANT: "zh-Hant", MN: "mn", EN: "en"}



def localise(text: str, code: str | None) -> str:
    """`text` in the script of the language `code` (Traditional for zh-Hant); unchanged for an unknown code."""
    try:
        return langs.pack(code).localise(text, code) if code else text
    except KeyError:  # a code from the browser's storage may be anything
        return text


def traditional(text: str) -> str:
    return localise(text, HANT)


STRINGS: dict[str, dict[str, str]] = {
    ZH: _ZH,
    ZH_HANT: {k: traditional(v) for k, v in _ZH.items()},
    MN: _MN,
    EN: _EN,
}


def known(ui: object) -> str:
    """`ui` if it is an interface language, else the default (a value from the browser may be anything)."""
    return ui if isinstance(ui, str) and ui in STRINGS else DEFAULT


def t(ui: str, key: str, **values: object) -> str:
    """The interface string `key` in language `ui` (Chinese if the language is unknown)."""
    text = STRINGS[known(ui)][key]
    return text.format(**values) if values else text


def for_answer(ui: str, answer_lang: str | None) -> str:
    """The language of an answer's own labels: the interface's, in the answer's Chinese script when both are Chinese.

    A question asked in Traditional on the Simplified interface gets 出處, not 出处, beside its Traditional answer.
    """
    ui = known(ui)
    if ui in (ZH, ZH_HANT) and answer_lang in (HANS, HANT):
        return ZH_HANT if answer_lang == HANT else ZH
    return ui


def edition_of(ui: str) -> str:
    """The edition of the report closest to an interface language: 'mn' for Mongolian, else 'zh'."""
    return "mn" if known(ui) == MN else "zh"


def question_problem(question: str) -> str:
    """Which of the chain's refusals a question hit, as a key of STRINGS (see kb.chain.validate)."""
    stripped = (question or "").strip()
    if not stripped:
        return "empty"
    if len(stripped) > MAX_QUESTION:
        return "too_long"
    return "no_words"


def polite(ui: str, question: str) -> str:
    """The message shown instead of an answer when the chain refuses the question as asked."""
    problem = question_problem(question)
    return t(ui, problem, n=len((question or "").strip()), max=MAX_QUESTION)
