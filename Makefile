# The two commands a fresh clone needs (see README).
.PHONY: chat test lint

chat:
	scripts/setup.sh
	.venv/bin/kb serve

test:
	scripts/setup.sh --test
	.venv/bin/ruff check kb ui tests
	.venv/bin/pytest
	.venv/bin/kb eval --quiet
