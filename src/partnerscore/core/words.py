"""Small pieces of English that several formats share."""

from __future__ import annotations


def plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`: a count with its noun."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def and_list(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`: names as a sentence lists them."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
