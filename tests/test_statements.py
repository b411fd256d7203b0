"""Standalone statements and the question bank: data checked against the report, kept apart from the evals."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest

from kb import langs
from kb.ingest import load_alignment
from kb.ingest.editions import load_bank, load_statements
from tests.conftest import EVALS


@pytest.fixture(scope="module")
def statements(spec):
    return load_statements(spec)


def test_every_sentence_of_every_edition_has_a_statement(spec, statements):
    rows = load_alignment(spec)
    assert len(statements) == len(rows)
    for row in rows:
        said = statements[(row.block_id, row.n)]
        for edition in spec.editions:
            assert said.get(edition), (row.block_id, row.n, edition)


def test_a_statement_states_every_value_of_its_sentence_and_none_its_passage_lacks(chunks, spec):
    """By value, as each edition writes numbers: the period a statement adds comes from its own passage."""
    checked = 0
    for c in chunks:
        pack = langs.pack(c.lang)
        passage = set(pack.values(c.text)) | (pack.numeral_values(c.text))
        for (a, b), statement in zip(c.sentences, c.statements, strict=False):
            if not statement:
                continue
            sentence = c.text[a:b]
            said = set(pack.values(statement))
            assert set(pack.values(sentence)) <= said | pack.numeral_values(statement), (c.lang, sentence, statement)
            assert said <= passage, (c.lang, statement, said - passage)
            checked += 1
    assert checked >= 250  # a hundred sentences in each of three editions


def test_a_statement_stands_alone_and_names_the_places_of_its_sentence(chunks, glossary):
    for c in chunks:
        for (a, b), statement in zip(c.sentences, c.statements, strict=False):
            if not statement:
                continue
            assert langs.stands_alone(statement), (c.lang, statement)
            assert glossary.places(c.text[a:b]) <= glossary.places(statement), (c.lang, c.text[a:b], statement)


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", "", langs.unify(unicodedata.normalize("NFKC", text)).lower())


def test_the_bank_holds_no_question_of_any_eval_set(spec):
    bank = {_normal(q.question) for q in load_bank(spec)}
    assert len(bank) > 1000
    asked = set()
    for path in sorted(EVALS.glob("*.jsonl")) + sorted((EVALS / "holdout").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                asked |= {_normal(q) for q in [row["question"], *(row.get("history") or [])]}
    assert not bank & asked, sorted(bank & asked)[:5]


def test_every_bank_question_points_at_a_sentence_of_the_report(spec):
    places = {f"{spec.id}:{r.block_id}:{r.n}" for r in load_alignment(spec)}
    bank = load_bank(spec)
    assert {q.ref for q in bank} <= places
    assert {q.lang for q in bank} == set(langs.codes())
    assert any(not q.answerable for q in bank)  # near misses: the words of a sentence, not its answer
