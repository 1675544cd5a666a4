"""The one exception type a user ever sees: a one-line message, no traceback.

Every failure caused by input (a bad file, a wrong path, an unreadable cache) is raised as
``FinOpsError`` with a message that names the file or field and what is wrong. The CLI prints it on
one line and exits non-zero; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class FinOpsError(Exception):
    """A problem with the user's input or environment, worded for the user."""

    exit_code: int = 1


class CacheBusyError(FinOpsError):
    """Another process holds the cache (an import in progress, or a read-write tool)."""

    exit_code = 3


class NotACacheError(FinOpsError):
    """The cache path holds a file that is not a finops-tui cache (empty, another database, damaged):
    retrying cannot help, pointing ``--db`` elsewhere or moving the file aside can."""
