"""The one exception type a user ever sees: a one-line message, no traceback.

Every failure caused by input (a bad file, a wrong path, an unreadable cache) is raised as
``FinOpsError`` with a message that names the file or field and what is wrong. The CLI prints it on
one line and exits non-zero; so it does for an ``OSError`` on a path the user gave (a read-only
folder, a folder where a file goes: ``os_error_message``). Anything else is a bug and keeps its
traceback.
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


def os_error_message(exc: OSError) -> str:
    """One line for a file-system refusal on a path the user gave (a read-only folder, a folder where
    a file was meant, a missing folder): the path, then what is wrong in plain words.

    A rename names the destination second (``filename2``): that is the path the user chose.
    """
    path = exc.filename2 if exc.filename2 is not None else exc.filename
    what = (exc.strerror or type(exc).__name__).lower()
    if isinstance(exc, IsADirectoryError):
        what = "is a folder; give a file path"
    elif isinstance(exc, NotADirectoryError | FileExistsError) and exc.filename2 is None:
        what = f"cannot be created here ({what}: a file stands where a folder is needed)"
    elif isinstance(exc, PermissionError):
        what = f"cannot be written ({what})"
    return f"{path}: {what}" if path is not None else what
