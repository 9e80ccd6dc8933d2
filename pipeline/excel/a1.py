"""Excel A1 addresses: column letters and numbers (standard library only).

The intake worker imports this instead of ``openpyxl.utils``, which pulls in
numpy and costs the worker a quarter of a second at every start.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1024)
def column_letters(col: int) -> str:
    """1 -> ``A``, 27 -> ``AA``, 16384 -> ``XFD`` (a column below 1 counts as 1)."""
    out = ""
    col = max(col, 1)
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


def column_number(letters: str | bytes) -> int:
    """``A`` -> 1, ``aa`` -> 27 (case-insensitive; at most the first four letters count)."""
    if isinstance(letters, bytes):
        letters = letters.decode("ascii", "replace")
    number = 0
    for char in letters.upper()[:4]:
        number = number * 26 + ord(char) - 64
    return number


def cell_ref(row: int, col: int) -> str:
    """0-based ``(row, col)`` -> ``B9``."""
    return f"{column_letters(col + 1)}{row + 1}"
