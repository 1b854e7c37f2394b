"""Rule topics: named lists of terms, read from a list's configuration or given on the spot."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import pandas as pd

from analyzer.errors import AnalyzerError, ConfigError, in_words_of, unknown_keys
from analyzer.schema import TOPIC_COLUMNS

DEFAULT_THREAD_SHARE: Final = 0.3
FIELDS: Final[tuple[str, ...]] = ("subject", "authored")
REGEX_PREFIX: Final = "regex:"
_KEYS: Final = frozenset({"label", "terms", "match", "thread_share", "fields"})
_DISCOVERED_NAME: Final = re.compile(r"nmf-\d+")  # how discover_topics names its topics
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_accents(text: str) -> str:
    """``text`` without accents (NFKD, combining marks dropped); case is left alone."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def normalize_text(text: str) -> str:
    """The form both terms and messages are matched in: accents folded, then case folded."""
    return fold_accents(text).casefold()


def split_terms(text: str) -> list[str]:
    """Split ``"phrase one|phrase two|regex:..."`` on the bars that are outside brackets and
    not escaped, so that a regular expression keeps its ``(a|b)`` groups."""
    terms: list[str] = []
    current: list[str] = []
    depth = 0
    escaped = False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char in "([{":
            depth += 1
            current.append(char)
        elif char in ")]}":
            depth = max(0, depth - 1)
            current.append(char)
        elif char == "|" and depth == 0:
            terms.append("".join(current))
            current = []
        else:
            current.append(char)
    terms.append("".join(current))
    return [term.strip() for term in terms if term.strip()]


def no_match_hint(terms: str | Sequence[str]) -> str:
    """Why terms given on the spot may match nothing, in words: whole words only, and ``|``
    (not a comma, which a phrase may hold) between terms."""
    given = split_terms(terms) if isinstance(terms, str) else list(terms)
    if any("," in term and not term.startswith("regex:") for term in given):
        parts = [part.strip() for term in given for part in term.split(",") if part.strip()]
        return (
            "terms are separated by '|', not by commas ('a, b' is one phrase): write "
            f"{'|'.join(parts)!r}"
        )
    return (
        "terms match whole words and phrases: 'hotel' does not match 'hotels'; write "
        "'hotel|hotels' or 'regex:hotels?'"
    )


def _bounded(core: str, starts_with_word: bool, ends_with_word: bool) -> str:
    """The pattern, matched only where it begins and ends a word."""
    head = r"(?<!\w)" if starts_with_word else ""
    tail = r"(?!\w)" if ends_with_word else ""
    return f"{head}(?:{core}){tail}"


def term_parts(term: str) -> tuple[str, bool, bool]:
    """A term's core pattern and whether it must start and end on a word boundary.

    A phrase matches its words in order, any run of white space between them, on word
    boundaries where it begins or ends with a letter or digit. ``regex:`` terms are Python
    regular expressions, matched case-insensitively on word boundaries
    (``regex:co-?operat\\w*`` for the words that begin so).
    """
    if term.startswith(REGEX_PREFIX):
        body = term[len(REGEX_PREFIX) :]
        if not body.strip():
            raise ConfigError(f"empty regular expression in term {term!r}")
        return f"(?i:{fold_accents(body)})", True, True
    words = normalize_text(term).split()
    if not words:
        raise ConfigError(f"empty term {term!r}")
    core = r"\s+".join(re.escape(word) for word in words)
    return core, bool(re.match(r"\w", words[0])), bool(re.search(r"\w$", words[-1]))


def term_pattern(term: str) -> str:
    """The regular expression of one term, for text in ``normalize_text`` form."""
    return _bounded(*term_parts(term))


def any_pattern(terms: Sequence[str]) -> str:
    """One regular expression for any of the terms, the word-boundary checks shared by all terms
    that need the same ones (many times faster than one look-around per term)."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for term in terms:
        core, head, tail = term_parts(term)
        groups.setdefault((head, tail), []).append(f"(?:{core})")
    return "|".join(_bounded("|".join(cores), *flags) for flags, cores in groups.items())


@dataclass(frozen=True, slots=True)
class TopicRule:
    """A topic defined by terms: a message belongs to it when its subject or authored text (never
    quoted text) holds any (or all) of them; a thread when ``thread_share`` of its messages do."""

    name: str
    terms: tuple[str, ...]
    label: str = ""
    match: Literal["any", "all"] = "any"
    thread_share: float = DEFAULT_THREAD_SHARE
    fields: tuple[str, ...] = FIELDS

    def __post_init__(self) -> None:
        where = f"topic {self.name!r}"
        if not self.name:
            raise ConfigError("a topic needs a name")
        if not self.terms:
            raise ConfigError(f"{where}: no terms")
        if self.match not in ("any", "all"):
            raise ConfigError(f"{where}: match must be 'any' or 'all', not {self.match!r}")
        if not 0.0 <= self.thread_share <= 1.0:
            raise ConfigError(f"{where}: thread_share must be between 0 and 1")
        unknown = [f for f in self.fields if f not in FIELDS]
        if unknown or not self.fields:
            raise ConfigError(f"{where}: fields must be among {', '.join(FIELDS)}")
        for term in self.terms:
            try:
                re.compile(term_pattern(term))
            except re.error as exc:  # named as written: the compiled pattern wraps the term
                raise ConfigError(
                    f"{where}: bad regular expression in term {term!r} ({exc.msg})"
                ) from None

    @staticmethod
    def parse_terms(text: str) -> tuple[str, ...]:
        """The terms of ``"phrase one|phrase two|regex:..."`` (see ``split_terms``)."""
        return tuple(split_terms(text))

    @classmethod
    def from_terms(
        cls,
        name: str,
        terms: str | Sequence[str],
        *,
        label: str | None = None,
        match: Literal["any", "all"] = "any",
        thread_share: float = DEFAULT_THREAD_SHARE,
    ) -> TopicRule:
        """A topic given on the spot, e.g. ``--terms 'phrase one|regex:...'``."""
        parsed = cls.parse_terms(terms) if isinstance(terms, str) else tuple(terms)
        return cls(name, parsed, label or name, match, thread_share)

    def patterns(self) -> list[str]:
        return [term_pattern(term) for term in self.terms]

    def compiled(self) -> list[re.Pattern[str]]:
        """One regular expression for an ``any`` topic; one per term for an ``all`` topic."""
        if self.match == "any":
            return [re.compile(any_pattern(self.terms))]
        return [re.compile(pattern) for pattern in self.patterns()]

    @property
    def definition(self) -> str:
        """The terms, then where they are sought and from what share a thread is the topic's
        (``all: IGF | CSTD; in subject, authored; threads from 30%``)."""
        return (
            f"{self.match}: "
            + " | ".join(self.terms)
            + f"; in {', '.join(self.fields)}; threads from {self.thread_share:.0%}"
        )


def _rule_from_table(name: str, table: Any) -> TopicRule:
    where = f"[topics.{name}]"
    if not isinstance(table, Mapping):
        raise ConfigError(f"{where} must be a table")
    if unknown := set(table) - _KEYS:
        raise unknown_keys(where, unknown, _KEYS)
    terms = table.get("terms")
    if isinstance(terms, str):
        terms = split_terms(terms)
    if not isinstance(terms, list | tuple) or not all(isinstance(t, str) for t in terms):
        raise ConfigError(f"{where}: terms must be a list of strings")
    label = table.get("label", name)
    match = table.get("match", "any")
    share = table.get("thread_share", DEFAULT_THREAD_SHARE)
    fields = table.get("fields", list(FIELDS))
    if not isinstance(label, str) or not isinstance(match, str):
        raise ConfigError(f"{where}: label and match must be strings")
    if isinstance(share, bool) or not isinstance(share, int | float):
        raise ConfigError(f"{where}: thread_share must be a number")
    if not isinstance(fields, list | tuple) or not all(isinstance(f, str) for f in fields):
        raise ConfigError(f"{where}: fields must be a list of strings")
    if match not in ("any", "all"):
        raise ConfigError(f"{where}: match must be 'any' or 'all', not {match!r}")
    mode: Literal["any", "all"] = "all" if match == "all" else "any"
    return TopicRule(name, tuple(terms), label, mode, float(share), tuple(fields))


def topic_rules_from_config(config_topics: Mapping[str, Any]) -> list[TopicRule]:
    """The rule topics of a list configuration's ``[topics.NAME]`` tables, in file order."""
    return [_rule_from_table(str(name), table) for name, table in config_topics.items()]


def resolve_topic(
    config_topics: Mapping[str, Any],
    name: str,
    terms: str | Sequence[str] | None = None,
    *,
    match: Literal["any", "all"] = "any",
    thread_share: float = DEFAULT_THREAD_SHARE,
) -> TopicRule:
    """The topic a user named: given on the spot when ``terms`` are, else from the configuration."""
    if terms is not None:
        return TopicRule.from_terms(name, terms, match=match, thread_share=thread_share)
    if name not in config_topics:
        known = ", ".join(sorted(config_topics)) or "none configured"
        said = f"unknown topic {name!r} (topics: {known})"
        if _DISCOVERED_NAME.fullmatch(name):
            how = "for a discovered topic, give the {} it was found with"
            api_how, cli_how = (
                how.format("discover=N (and seed=S)"),
                how.format("--discover N (and --seed S)"),
            )
        else:
            api_how, cli_how = "give its terms with terms=", "give its terms with --terms"
        raise in_words_of(AnalyzerError(f"{said}; {api_how}"), f"{said}; {cli_how}")
    return _rule_from_table(name, config_topics[name])


def topics_table(rules: Sequence[TopicRule]) -> pd.DataFrame:
    """The topics table (TOPIC_COLUMNS) of rule topics."""
    return pd.DataFrame(
        {
            "topic": [rule.name for rule in rules],
            "label": [rule.label or rule.name for rule in rules],
            "definition": [rule.definition for rule in rules],
        },
        columns=list(TOPIC_COLUMNS),
    )
