"""Errors: one base class the CLI and the UI catch and show as one clear line."""

from __future__ import annotations


class BridgeheadError(Exception):
    """Something the user or operator can fix: the message says what and how."""


class QuestionError(BridgeheadError, ValueError):
    """The question cannot be asked as given (empty, too long, no words)."""
