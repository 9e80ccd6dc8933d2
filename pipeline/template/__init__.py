"""The unit template's contract: its defined names, how it is written, and how it is filled."""
