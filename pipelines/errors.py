"""One named exception per kind of failure; the CLI turns each into a clean message."""


class GovReportsError(Exception):
    """Base class: anything the CLI reports as a one-line message instead of a traceback."""


class RejectedInput(GovReportsError):
    """A file that cannot be ingested (empty, junk, truncated, not a report, unsafe zip …).

    The message is the reason stored in ``rejected_files.reason``; it never contains a traceback.
    """

    def __init__(self, reason: str, source_path: str = ""):
        super().__init__(reason)
        self.reason = reason
        self.source_path = source_path


class DatabaseError(GovReportsError):
    """The database cannot be opened or written (bad path, locked, not a DuckDB file)."""


class QueryError(GovReportsError):
    """Base of the SQL failures: ``reason`` is the one-line Chinese reason the SQL page shows,
    ``detail`` the technical detail (set by pipelines/sqlguard.py)."""

    reason: str = ""
    detail: str = ""


class QueryRefused(QueryError):
    """An SQL statement that the safe SQL path does not allow."""


class QueryStopped(QueryError):
    """An SQL statement stopped by a limit (time, rows)."""


class QueryFailed(QueryError):
    """An SQL statement that DuckDB could not run (syntax error, unknown column …)."""
