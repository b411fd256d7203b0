"""Bridgehead: an offline, cited question-answering knowledge base over the Xilingol bridgehead report."""

__version__ = "0.1.0"
