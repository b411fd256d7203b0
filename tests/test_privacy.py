"""Masking at write time: what identifies a visitor never reaches the log, and the report's figures stay as asked."""

from __future__ import annotations

import json

import pytest

from kb.privacy import EMAIL, ID, PHONE, mask, mask_record
from kb.settings import PROJECT_ROOT
from ui.logs import ChatLog, FeedbackLog

TYPED = [  # what visitors type, in the four scripts the booth takes, and what must be left of it
    ("我的电话是13812345678，二连浩特口岸货运量是多少？", "13812345678", PHONE),
    ("請打給我 +86 138-1234-5678 謝謝", "138-1234-5678", PHONE),
    ("Миний утас 99112233, Эрээн боомтын ачаа хэд вэ?", "99112233", PHONE),
    ("Minii utas 8811-2233, Ereen boomt", "8811-2233", PHONE),
    ("座机 0479-7521234 可以联系", "7521234", PHONE),
    ("call me on +976 9911 2233", "9911 2233", PHONE),
    ("邮箱 bat.erdene@mail.mn 发资料", "bat.erdene@mail.mn", EMAIL),
    ("Имэйл: tseren_d@gmail.com", "tseren_d@gmail.com", EMAIL),
    ("身份证号110101199003071234", "110101199003071234", ID),
    ("身份證 11010119900307123X 可以嗎", "11010119900307123X", ID),
    ("Регистр УБ99112233 байна", "99112233", ID),
    ("passport E12345678 visa?", "E12345678", ID),
    ("卡号 6222 0212 3456 7890 123", "7890", ID),
]


@pytest.mark.parametrize(("text", "secret", "placeholder"), TYPED)
def test_a_phone_number_address_or_id_is_masked(text, secret, placeholder):
    masked = mask(text)
    assert secret not in masked and placeholder in masked


def test_no_question_of_the_eval_sets_and_no_line_of_the_report_changes():
    # Questions name years, months, figures and units ("2024 1-11 sard", "1964.1万吨"): none may be masked.
    texts = []
    for path in sorted((PROJECT_ROOT / "evals").rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            texts += [item["question"], *item.get("history", []), item.get("evidence") or ""]
    for path in [*sorted((PROJECT_ROOT / "corpus").glob("report.*.md")), PROJECT_ROOT / "ui" / "questions.json"]:
        texts += path.read_text(encoding="utf-8").splitlines()
    changed = [t for t in texts if mask(t) != t]
    assert len(texts) > 1000 and changed == []


def test_dates_years_and_figures_are_left_alone():
    for text in ["2024-03-19", "2023-2024年", "19641000吨", "3,112列", "1964.1万吨", "12345678人次", "13.6%"]:
        assert mask(text) == text


def test_a_record_is_masked_in_every_text_field_and_citation_ids_are_kept():
    record = {"time": "2026-12-01T10:00:00+0800", "question": "电话13812345678", "answer": "a@b.cn",
              "citations": ["1234567abcdef012"], "history": [{"role": "user", "content": "99112233"}]}
    masked = mask_record(record)
    assert masked["question"] == f"电话{PHONE}" and masked["answer"] == EMAIL
    assert masked["citations"] == record["citations"] and masked["history"][0]["content"] == PHONE


def test_the_logs_write_only_masked_text(tmp_path):
    chat, feedback = ChatLog(tmp_path / "chat.jsonl"), FeedbackLog(tmp_path / "feedback.jsonl")
    chat.append({"question": "我的电话是13812345678，货运量？", "answer": "…", "citations": []})
    feedback.rate({"question": "Утас 99112233", "answer": "…"}, "down", comment="write to me: a.b@c.mn")
    on_disk = (tmp_path / "chat.jsonl").read_text(encoding="utf-8") + (tmp_path / "feedback.jsonl").read_text("utf-8")
    assert "13812345678" not in on_disk and "99112233" not in on_disk and "a.b@c.mn" not in on_disk
    assert on_disk.count(PHONE) == 2 and EMAIL in on_disk
