"""The tool's own errors: the CLI turns each into one line and a non-zero exit status."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


class AnalyzerError(Exception):
    """Base of every error the tool raises on purpose (bad input, bad configuration, bad store)."""

    cli_message: str | None = None
    """The message in the CLI's words, where it differs: an API error names the function's
    argument (``terms=``), the CLI's the command's option (``--terms``); ``in_words_of``."""


def in_words_of(error: AnalyzerError, cli_message: str) -> AnalyzerError:
    """``error``, which the CLI says as ``cli_message`` (its options for the API's arguments)."""
    error.cli_message = cli_message
    return error


class SourceError(AnalyzerError):
    """A source cannot be read as an archive; the message names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem

    def __reduce__(self) -> tuple[type[SourceError], tuple[str, str]]:
        # A worker process sends its error back pickled: rebuilt from its one message, it
        # failed to unpickle, which broke the pool and failed every other source of the run.
        return (type(self), (self.path, self.problem))


class StoreError(AnalyzerError):
    """The store is missing, locked by another ingest, or cannot be written."""


class ConfigError(AnalyzerError):
    """A list configuration file is missing or invalid."""


class AnalyzerWarning(UserWarning):
    """A problem the tool went past (a source that failed, several lists stored as one): the
    API warns of each, so that a notebook shows it; the CLI prints its own summary instead."""


class StaleParseWarning(AnalyzerWarning):
    """The list's sources were parsed with another ``time_zone`` than its configuration now
    gives (``api_store.ZoneChange``): its dates are those of the old zone until an ingest
    parses them again. The CLI says it in its own words (the command to run)."""


def unknown_keys(where: str, keys: Iterable[str], known: Iterable[str]) -> ConfigError:
    """The one-line error for keys a configuration table does not have (a misspelt key would
    silently do nothing): each key, the known key nearest to it, and the known keys;
    ``where`` names the file (and the table)."""
    choices = sorted(known)
    named = with_nearest(sorted(keys), choices)
    word = "key" if len(named) == 1 else "keys"
    return ConfigError(
        f"{where}: unknown {word} {', '.join(named)}; known keys: {', '.join(choices)}"
    )


def with_nearest(names: Iterable[str], choices: Sequence[str]) -> list[str]:
    """Each unknown name quoted, with the known one nearest to it when one is close: a
    misspelling ('autor_id') is then one reading away from its fix."""
    named = []
    for name in names:
        close = difflib.get_close_matches(name, choices, n=1)
        named.append(f"{name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""))
    return named
