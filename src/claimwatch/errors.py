"""Every error claimwatch raises, in one tree, each message with a code.

    ClaimwatchError
    ├── InputError        [CW1xx] an input cannot be read (missing, empty, binary, too large, URL)
    ├── ExtractionError   [CW2xx] an input was read but holds no article
    ├── ModelError        [CW3xx] a language model is missing or cannot load
    ├── StoreError        [CW4xx] the database cannot be opened or written
    └── EvaluationError   [CW5xx] evaluation data is missing or malformed

Third-party errors are wrapped at the edge with ``raise ... from exc``. The CLI
turns any ``ClaimwatchError`` into one line naming the input, never a traceback.
"""

from __future__ import annotations


class ClaimwatchError(Exception):
    """Base of every error claimwatch raises on purpose."""

    code = "CW000"

    def __init__(self, message: str, *, input_label: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.input_label = input_label

    def line(self) -> str:
        """One line for a human: ``input: [CODE] message``."""
        where = f"{self.input_label}: " if self.input_label else ""
        return f"{where}[{self.code}] {self.message}"

    def __str__(self) -> str:
        return self.line()


class InputError(ClaimwatchError):
    code = "CW100"


class MissingInput(InputError):
    code = "CW101"


class EmptyInput(InputError):
    code = "CW102"


class BinaryInput(InputError):
    code = "CW103"


class InputTooLarge(InputError):
    code = "CW104"


class FetchError(InputError):
    code = "CW105"


class BadRecord(InputError):
    code = "CW106"


class ExtractionError(ClaimwatchError):
    code = "CW200"


class NoArticle(ExtractionError):
    code = "CW201"


class ModelError(ClaimwatchError):
    code = "CW300"


class StoreError(ClaimwatchError):
    code = "CW400"


class EvaluationError(ClaimwatchError):
    code = "CW500"
