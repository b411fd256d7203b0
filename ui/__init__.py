"""Present: the Gradio chat in front of Bridgehead."""
