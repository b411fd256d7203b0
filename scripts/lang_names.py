#!/usr/bin/env python3
"""Which modules outside kb/langs/ (and ui/i18n.py + ui/strings.py, the interface's own strings) name a language.

A module names a language when its code holds a language or edition code as a string literal
("zh", "mn-Latn", …: a branch or a lookup on it), or a regular expression with Chinese or Cyrillic
letters in it (words of a language). Data files are not code and are not counted.

    python scripts/lang_names.py          # one line a module, then the count; exit 1 over --max
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODES = {"zh", "mn", "en", "zh-Hans", "zh-Hant", "mn-Cyrl", "mn-Latn", "mn>zh", "zh-hans", "zh-hant", "mn-cyrl",
         "mn-latn"}
LETTERS = re.compile(r"[\u3400-\u9fff\u0400-\u04ff]")
REGEX_CALLS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}
# The packs, and the interface's own strings (ui/i18n.py and the string table it reads, ui/strings.py).
EXEMPT = ("kb/langs/", "ui/i18n.py", "ui/strings.py")


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in CODES:
            out.append(f"{node.lineno}: language code {node.value!r}")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in REGEX_CALLS \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and LETTERS.search(first.value):
                out.append(f"{node.lineno}: regular expression with words {first.value[:40]!r}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max", type=int, default=None, help="exit 1 when more modules than this name a language")
    parser.add_argument("--all", action="store_true", help="list every finding, not the first of each module")
    args = parser.parse_args()
    named = []
    for path in sorted(p for d in ("kb", "ui") for p in (ROOT / d).rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(EXEMPT):
            continue
        if found := findings(path):
            named.append(rel)
            for f in found if args.all else found[:1]:
                print(f"{rel}:{f}")
    print(f"{len(named)} module(s) outside kb/langs/ and the interface strings name a language")
    return 1 if args.max is not None and len(named) > args.max else 0


if __name__ == "__main__":
    sys.exit(main())
