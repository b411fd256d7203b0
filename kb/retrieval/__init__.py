"""Retrieval and answering: find passages, then extract the sentence that answers."""
