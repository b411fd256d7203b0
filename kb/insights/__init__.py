"""Insights: what visitors asked, what the report did not cover, and what they thought of the answers.

read.py reads the chat and feedback logs (any format they have had, torn lines counted and
skipped), group.py groups rewordings of one question, summary.py counts, output.py prints a
table, JSON, CSV files and eval-format lines.
"""

from kb.insights.read import Filters, Logs, read_logs
from kb.insights.summary import summarise

__all__ = ["Filters", "Logs", "read_logs", "summarise"]
