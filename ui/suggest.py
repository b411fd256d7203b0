"""Suggested questions per interface language, and follow-ups to offer after an answer.

The questions live in ui/questions.json (written from the report; a test asks each one and
expects a found answer). Follow-ups are the curated next questions of whatever the visitor
asked, found through the section of the report that answered it.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

from kb import langs
from kb.chain import Answer, Bridgehead, QuestionError
from ui.i18n import DEFAULT, DEFAULT_EDITION, EN, ZH, ZH_HANT, localise, traditional
from ui.sources import attr

QUESTIONS = Path(__file__).with_name("questions.json")
FOLLOWUPS = 3
SUGGESTIONS = 4  # the static row shown before the first question


@dataclass(frozen=True)
class Suggestion:
    question: str
    next: tuple[str, ...]


def load_questions(path: Path = QUESTIONS) -> dict[str, list[Suggestion]]:
    """{"zh": [...], "mn": [...], "en": [...], "zh-Hant": [...]}: the Traditional interface has the Chinese ones
    in Traditional."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    out = {k: [Suggestion(s["q"], tuple(s.get("next", []))) for s in v] for k, v in raw.items() if k != "_comment"}
    out.setdefault(EN, out[ZH])
    out.setdefault(ZH_HANT, [Suggestion(traditional(s.question), tuple(traditional(n) for n in s.next))
                             for s in out[ZH]])
    return out


def _key(question: str) -> str:
    return langs.unify(question.strip().rstrip("?？ ")).lower()


def _edition(code: str) -> str:
    """The edition whose curated questions suit an answer's language: zh for either script, mn, en."""
    try:
        return langs.pack(code).edition
    except KeyError:
        return DEFAULT_EDITION


def answer_section(answer: Answer) -> str | None:
    """The Chinese section heading of the passage that answered (a translation's original's heading)."""
    if not answer.found or not answer.citations:
        return None
    cite = answer.citations[0]
    section = attr(cite.original, "section") if cite.original else None
    return langs.unify(str(section or cite.section))


class Suggester:
    """Suggested questions, and follow-ups chosen by the section of the report an answer came from."""

    def __init__(self, bot: Bridgehead, questions: dict[str, list[Suggestion]] | None = None) -> None:
        self.bot = bot
        self.questions = questions or load_questions()
        self._sections: dict[str, dict[str, str | None]] = {}
        self._lock = threading.Lock()

    def suggestions(self, ui: str, n: int = SUGGESTIONS) -> list[str]:
        return [s.question for s in self.questions.get(ui, self.questions[DEFAULT])[:n]]

    def static_row(self) -> set[str]:
        """Every question the static suggestion row shows, in any interface language, as compared."""
        return {_key(q) for ui in self.questions for q in self.suggestions(ui)}

    def _section_map(self, edition: str) -> dict[str, str | None]:
        """Each curated question's answering section, learned by asking it once (about 70 ms each)."""
        with self._lock:
            if edition not in self._sections:
                found: dict[str, str | None] = {}
                for s in self.questions[edition]:
                    try:
                        found[s.question] = answer_section(self.bot.ask(s.question))
                    except QuestionError:
                        found[s.question] = None
                self._sections[edition] = found
            return self._sections[edition]

    def followups(self, answer: Answer, asked: list[str], n: int = FOLLOWUPS) -> list[str]:
        """Up to `n` questions to ask next, in the answer's language: none asked already, none from the static row."""
        edition = _edition(answer.lang)
        edition = edition if edition in self.questions else DEFAULT_EDITION
        pool = self.questions[edition]
        done = {_key(q) for q in [*asked, answer.question, answer.rewritten or ""]} | self.static_row()
        by_key = {_key(s.question): s for s in pool}
        section = answer_section(answer)
        sections = self._section_map(edition) if section else {}
        same = [s for s in pool if section and sections.get(s.question) == section]
        current = by_key.get(_key(answer.question))
        # The asked question's own follow-ups first, then its section's, then the rest in order.
        ordered: list[str] = list(current.next) if current else []
        for s in same:
            ordered += [s.question, *s.next] if s is not current else []
        if not current:
            ordered = [nxt for s in same for nxt in s.next] + ordered
        ordered += [s.question for s in pool]
        out: list[str] = []
        for q in ordered:
            if _key(q) not in done and q not in out:
                out.append(q)
        out = out[:n]
        # Offered in the script the question was asked in (Traditional for Traditional).
        out = [localise(q, answer.lang) for q in out]
        return out
