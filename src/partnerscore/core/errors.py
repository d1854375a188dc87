"""Errors that end a command with a clear message instead of a traceback."""


class UserError(Exception):
    """Bad usage or an unusable path/setting: printed as one message, exit code 2."""

    exit_code = 2
