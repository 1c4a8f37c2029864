"""The XprojError family. Catch these only at the edges (CLI, app pages); anything else is a bug."""

from __future__ import annotations


class XprojError(Exception):
    """Base class of every error xproj reports to a user."""

    code = "xproj"


class InputError(XprojError):
    """Malformed input: renders compiler-style as ``path:line: reason (hint)``."""

    code = "input"

    def __init__(self, path: str | None, line: int | None, reason: str, hint: str = "") -> None:
        self.path, self.line, self.reason, self.hint = path, line, reason, hint
        super().__init__(self._render())

    def _render(self) -> str:
        where = str(self.path) if self.path else "<input>"
        if self.line is not None:
            where += f":{self.line}"
        msg = f"{where}: {self.reason}"
        return f"{msg} ({self.hint})" if self.hint else msg


class ConfigError(XprojError):
    """A bad option value; the message names the value and lists the valid ones."""

    code = "config"

    def __init__(self, what: str, value: object, valid: list[str] | tuple[str, ...] | None = None, hint: str = "") -> None:
        self.what, self.value, self.valid = what, value, tuple(valid or ())
        msg = f"unknown {what} {value!r}"
        if self.valid:
            msg += f"; valid: {', '.join(self.valid)}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


class BackendUnavailable(XprojError):
    """An optional package or a model path is missing; says how to supply it."""

    code = "backend"
