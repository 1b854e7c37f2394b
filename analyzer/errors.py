"""The tool's own errors: the CLI turns each into one line and a non-zero exit status."""

from __future__ import annotations


class AnalyzerError(Exception):
    """Base of every error the tool raises on purpose (bad input, bad configuration, bad store)."""


class SourceError(AnalyzerError):
    """A source cannot be read as an archive; the message names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreError(AnalyzerError):
    """The store is missing, locked by another ingest, or cannot be written."""


class ConfigError(AnalyzerError):
    """A list configuration file is missing or invalid."""
