"""Formulas such as `sql / mql`: parsed by a small recursive-descent parser, never evaluated as Python.

The language is `+ - * / ( )`, unary minus, decimal numbers (`12`, `0.5`) and series ids
(`[a-z0-9][a-z0-9_]*`, the metric id pattern), nothing else. An id may start with a digit (`3m_rate`):
a digit run followed by a letter or `_` is an id, a bare digit run is a number. The parser compiles to a
postfix program, so evaluating never recurses however long the formula. Size and nesting are bounded
so hostile input fails fast with a FormulaError instead of a RecursionError.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

MAX_LENGTH = 1000
MAX_NESTING = 50

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_ID = re.compile(r"[a-z0-9][a-z0-9_]*")
_ID_CHAR = re.compile(r"[a-z0-9_]")
_MALFORMED = re.compile(r"[0-9a-z_.]+")
_SPACE = " \t\r\n"
_OPERATORS = "+-*/"
_ALLOWED = "a formula may use only + - * / ( ), numbers and lowercase series ids"

# Postfix instructions: (opcode, argument).
_PUSH_NUMBER, _PUSH_SERIES, _NEGATE, _BINARY = range(4)


class FormulaError(ValueError):
    def __init__(self, message: str, column: int = 1):
        super().__init__(message)
        self.message = message
        self.column = column  # 1-based position in the formula text


@dataclass(frozen=True)
class Formula:
    text: str
    series: frozenset[str]
    _program: tuple = field(default=(), repr=False, compare=False)

    def evaluate(self, values: Mapping[str, float | None], overflow: float | None = None) -> float | None:
        """The value, or None when an input is missing or a division by zero happens; `overflow` (None
        unless given) when an input or the result is not a finite number."""
        program = self._program or parse_formula(self.text)._program
        stack: list[float] = []
        for opcode, argument in program:
            if opcode == _PUSH_NUMBER:
                stack.append(argument)
            elif opcode == _PUSH_SERIES:
                value = values.get(argument)
                if value is None:
                    return None
                value = float(value)
                if not math.isfinite(value):
                    return overflow
                stack.append(value)
            elif opcode == _NEGATE:
                stack[-1] = -stack[-1]
            else:
                right = stack.pop()
                left = stack.pop()
                if argument == "+":
                    stack.append(left + right)
                elif argument == "-":
                    stack.append(left - right)
                elif argument == "*":
                    stack.append(left * right)
                else:
                    # Dividing by an overflowed (infinite) value would hide the overflow as 0.
                    if not math.isfinite(right):
                        return overflow
                    if right == 0:
                        return None
                    stack.append(left / right)
        result = stack[0]
        return result if math.isfinite(result) else overflow


def _unknown_character(text: str, index: int) -> FormulaError:
    char, column = text[index], index + 1
    starts_decimal = text[index + 1:index + 2].isdigit() and not text[index - 1:index].isalnum()
    if char.isascii() and char.isupper():
        hint = f"series ids are lowercase: {char.lower()!r}"
    elif char == "_":
        hint = "series ids start with a lowercase letter or a digit"
    elif char == "%":
        hint = "write a percentage as a decimal: 0.3, not 30%"
    elif char == "." and starts_decimal:
        hint = "write decimals with a leading digit: 0.5"
    else:
        hint = _ALLOWED
    return FormulaError(f"unknown character {char!r} at column {column} ({hint})", column)


def _match_at(pattern: re.Pattern[str], text: str, at: int) -> re.Match[str]:
    match = pattern.match(text, at)
    assert match is not None, f"the character at {at} of {text!r} starts a {pattern.pattern!r}"
    return match


def _tokenize(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, 1-based column) tokens; kind is number, id, op, ( , ) or end.

    A generator, so the parser meets errors in reading order: in `max(a, b)` the '(' after a name
    is reported before the ','.
    """
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in _SPACE:
            i += 1
            continue
        column = i + 1
        if char in _OPERATORS or char in "()":
            yield ("op" if char in _OPERATORS else char, char, column)
            i += 1
        elif char.isascii() and char.isdigit():
            number = _match_at(_NUMBER, text, i)
            after = text[number.end()] if number.end() < n else ""
            if "." not in number.group() and _ID_CHAR.match(after):
                ident = _match_at(_ID, text, i)  # e.g. 3m_rate: an id that starts with digits
                yield ("id", ident.group(), column)
                i = ident.end()
                continue
            if after == "." or _ID_CHAR.match(after):
                bad = _match_at(_MALFORMED, text, i).group()
                raise FormulaError(f"malformed number {bad!r} at column {column}", column)
            yield ("number", number.group(), column)
            i = number.end()
        elif "a" <= char <= "z":
            ident = _match_at(_ID, text, i)
            yield ("id", ident.group(), column)
            i = ident.end()
        else:
            raise _unknown_character(text, i)
    yield ("end", "", len(text.rstrip()) + 1)


class _Parser:
    """expr := term (('+'|'-') term)* ; term := unary (('*'|'/') unary)* ;
    unary := '-'* primary ; primary := number | id | '(' expr ')'"""

    def __init__(self, tokens: Iterator[tuple[str, str, int]]):
        self.pending = tokens
        self.tokens: list[tuple[str, str, int]] = [next(tokens)]
        self.position = 0
        self.depth = 0
        self.program: list[tuple[int, object]] = []
        self.series: set[str] = set()

    @property
    def token(self) -> tuple[str, str, int]:
        return self.tokens[self.position]

    def advance(self) -> tuple[str, str, int]:
        token = self.tokens[self.position]
        self.position += 1
        if token[0] != "end":
            self.tokens.append(next(self.pending))
        return token

    def expression(self) -> None:
        self.term()
        while self.token[0] == "op" and self.token[1] in "+-":
            operator = self.advance()[1]
            self.term()
            self.program.append((_BINARY, operator))

    def term(self) -> None:
        self.unary()
        while self.token[0] == "op" and self.token[1] in "*/":
            operator = self.advance()[1]
            self.unary()
            self.program.append((_BINARY, operator))

    def unary(self) -> None:
        # A loop, not recursion, so a long run of minus signs cannot exhaust the stack.
        negations = 0
        while self.token[0] == "op" and self.token[1] == "-":
            negations += 1
            self.advance()
        self.primary()
        if negations % 2:
            self.program.append((_NEGATE, None))

    def primary(self) -> None:
        kind, text, column = self.token
        if kind == "number":
            self.advance()
            self.program.append((_PUSH_NUMBER, float(text)))
        elif kind == "id":
            self.advance()
            self.program.append((_PUSH_SERIES, text))
            self.series.add(text)
        elif kind == "(":
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise FormulaError(f"parentheses nested deeper than {MAX_NESTING} at column {column}", column)
            self.advance()
            self.expression()
            if self.token[0] == "end":
                raise FormulaError(f"missing ')' to close the '(' at column {column}", column)
            if self.token[0] != ")":
                raise self.expected_operator()
            self.advance()
            self.depth -= 1
        else:
            raise self.expected_operand()

    def expected_operand(self) -> FormulaError:
        kind, text, column = self.token
        if kind == "end":
            previous = self.tokens[self.position - 1][1] if self.position else ""
            return FormulaError(
                f"formula ends after {previous!r} at column {column}: expected a number, a series id or '('",
                column)
        before = self.tokens[self.position - 1] if self.position else None
        if text == "*" and before and before[1] == "*" and before[2] == column - 1:
            return FormulaError(f"'**' (power) is not supported at column {column - 1} ({_ALLOWED})", column - 1)
        return FormulaError(f"unexpected {text!r} at column {column}: expected a number, a series id or '('",
                            column)

    def expected_operator(self) -> FormulaError:
        kind, text, column = self.token
        if kind == ")":
            return FormulaError(f"unexpected ')' at column {column}: there is no '(' to close", column)
        if kind == "(" and self.tokens[self.position - 1][0] == "id":
            return FormulaError(f"unexpected '(' at column {column}: formulas have no functions ({_ALLOWED})",
                                column)
        return FormulaError(f"unexpected {text!r} at column {column}: expected an operator (+ - * /)", column)


@lru_cache(maxsize=1024)
def parse_formula(text: str) -> Formula:
    """Parse a formula; raises FormulaError with a 1-based column on anything outside the language."""
    if not isinstance(text, str):
        raise FormulaError(f"a formula must be text, got {type(text).__name__}", 1)
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"formula is too long ({len(text)} characters, at most {MAX_LENGTH})", 1)
    if not text.strip():
        raise FormulaError("empty formula", 1)
    parser = _Parser(_tokenize(text))
    parser.expression()
    if parser.token[0] != "end":
        raise parser.expected_operator()
    return Formula(text=text, series=frozenset(parser.series), _program=tuple(parser.program))


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def formula_series(text: str) -> set[str]:
    """The series a formula reads; for a formula that does not parse, its words (PS607 reports that formula;
    its words are not "unused" series to PS606 or the report)."""
    try:
        return set(parse_formula(text).series)
    except FormulaError:
        return set(_WORD.findall(text))
