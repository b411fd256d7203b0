"""`kb ask` with hostile input: invalid text, one object per stdin line whatever it holds, wrong types refused."""

from __future__ import annotations

import json

from kb.batch import lines
from kb.text import clean_text
from tests.serving import FREIGHT, kb


def test_clean_text_replaces_what_utf8_cannot_carry_and_keeps_the_rest():
    assert clean_text("二连浩特\ud800口岸") == "二连浩特\ufffd口岸"
    assert clean_text("\udcff\udcfe二连") == "\ufffd\ufffd二连"  # bytes Python kept from a command line
    assert clean_text("\ud83d\ude00") == "😀"  # a pair split into two code points is joined
    assert clean_text("Эрээн 二连 \u2028 ok") == "Эрээн 二连 \u2028 ok"
    clean_text("x\ud800").encode("utf-8")


def test_stdin_lines_split_on_newline_alone():
    data = "a\u2028b\n\x0cc\r\nd\re\n\n".encode() + b"\xff\n"
    assert list(lines(data)) == ["a\u2028b", "\x0cc", "d\re", "", "\ufffd"]


def test_an_invalid_utf8_argument_is_answered_not_a_traceback(indexed_settings):
    out = kb("ask", "--json", b"\xff\xfe" + FREIGHT.encode(), env={"KB_DATA_DIR": str(indexed_settings.data_dir)})
    assert out.returncode == 0, out.stderr
    answer = json.loads(out.stdout)
    assert answer["question"].startswith("\ufffd\ufffd") and "1964.1万吨" in answer["answer"]
    assert "Traceback" not in out.stderr


def test_every_stdin_line_gets_exactly_one_object_in_order_whatever_it_holds(indexed_settings):
    rows = [
        FREIGHT.encode(),                                            # 0 answered
        b'{"history": "x"}',                                         # 1 no question
        json.dumps({"question": FREIGHT, "history": [1, "a", None]}).encode(),  # 2 malformed history
        b'"\\ud800"',                                                # 3 a JSON-looking string: asked as text
        json.dumps({"question": "二连浩特\ud800口岸1-11月进出口货运量是多少？"}).encode(),  # 4 lone surrogate
        b"\xff\xfe" + FREIGHT.encode(),                              # 5 invalid UTF-8
        "中欧班列\u2028出境多少列？".encode(),                         # 6 U+2028 stays in its line
        "中欧班列出境\x0c多少列？".encode(),                          # 7 so does a form feed
        b"",                                                         # 8 blank
        b'{"question": 5}',                                          # 9 wrong types
        b"[1, 2]",                                                   # 10
        b'{"question": {"a": 1}}',                                   # 11
        b"{not json",                                                # 12
        "珠恩嘎达布其口岸进出口货运量是多少？".encode(),              # 13 answered: nothing before it ended the run
    ]
    out = kb("ask", "--json", "-", stdin=b"\n".join(rows) + b"\n",
             env={"KB_DATA_DIR": str(indexed_settings.data_dir)})
    assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
    got = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(got) == len(rows)
    assert "1964.1万吨" in got[0]["answer"] and "325.5万吨" in got[13]["answer"]
    assert got[1]["error"] == "question must be text" and got[2]["error"].startswith("history must be")
    assert "error" not in got[3]
    for i in (4, 5):
        assert "1964.1万吨" in got[i]["answer"] and "\ufffd" in got[i]["question"]
    assert "\u2028" in got[6]["question"] and "\x0c" in got[7]["question"]
    assert "1705列" in got[6]["answer"] and "1705列" in got[7]["answer"]
    assert got[8]["error"] == "the question is empty"
    assert [got[i]["error"] for i in (9, 10, 11)] == ["question must be text"] * 3
    assert got[12]["error"].startswith("the line is not valid JSON")


def test_wrong_types_are_refused_in_a_conversation_too(indexed_settings):
    stdin = "\n".join([FREIGHT, '{"question": 5}', "那珠恩嘎达布其口岸呢？"]) + "\n"
    out = kb("ask", "--json", "--conversation", "-", stdin=stdin, env={"KB_DATA_DIR": str(indexed_settings.data_dir)})
    got = [json.loads(line) for line in out.stdout.splitlines()]
    assert got[1]["error"] == "question must be text"
    assert "325.5万吨" in got[2]["answer"]  # the conversation went on past the bad line
