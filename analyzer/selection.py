"""Rows of one or a few people: the author ids a researcher gives, checked against the authors
table (a mistyped id, another of the person's addresses or their name is answered with the id
meant, not with an empty table), and the rows of each table that are theirs."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from analyzer.errors import AnalyzerError

AUTHOR_FILTERED_TABLES = ("messages", "edges", "authors")
"""The tables whose rows belong to authors: their messages, the replies they gave or received,
their own row. A thread has many authors, so the threads table is not filtered by one."""

_CLOSE = 0.8
"""How alike (difflib's ratio) a mistyped id or name must be to be offered."""
_OFFERED = 3
"""At most this many authors are offered for an unknown id."""
_SHORTEST_PART = 3
"""A shorter text is too common to offer the authors whose id, address or name holds it."""


_WORD_BREAK = re.compile(r"[\W_]+")


def _strings(values: Any) -> list[str]:
    """A cell of a list column (list, array, or missing) as strings."""
    if values is None or isinstance(values, str | float):
        return []
    return [str(v) for v in values]


def close_authors(
    wanted: str, authors: pd.DataFrame, used_names: pd.DataFrame | None = None
) -> list[str]:
    """The author ids ``wanted`` may mean, best first: the authors it is the id (in another
    case), an address or the name of; else the ids and names closest in spelling; else the
    authors whose id, address or name has a word that begins with it (a given name, a local
    part), those with most messages first. At most three; none when nothing is close. With
    ``used_names`` (``check_authors``), the From names each author wrote under count as
    their names."""
    folded = wanted.strip().strip("<>").casefold()
    if "n_messages" in authors:
        authors = authors.sort_values("n_messages", ascending=False, kind="stable")
    emails = authors["emails"] if "emails" in authors else pd.Series([None] * len(authors))
    names = authors["name"] if "name" in authors else pd.Series([None] * len(authors))
    own: dict[str, list[str]] = {}
    for author_id, name, addresses in zip(authors["author_id"], names, emails, strict=True):
        if isinstance(author_id, str):
            spellings = [
                author_id,
                *_strings(addresses),
                *([name] if isinstance(name, str) else []),
            ]
            own[author_id] = [s.casefold() for s in spellings if s.strip()]
    if used_names is not None:
        used = used_names[["author_id", "from_name"]].drop_duplicates()
        for author_id, name in zip(used["author_id"], used["from_name"], strict=True):
            folded_name = _name_key(name) if isinstance(name, str) else ""
            if author_id in own and folded_name and folded_name not in own[author_id]:
                own[author_id].append(folded_name)
    exact = [author_id for author_id, spellings in own.items() if folded in spellings]
    if exact:
        return exact[:_OFFERED]
    by_spelling: dict[str, list[str]] = {}
    for author_id, spellings in own.items():
        for spelling in spellings:
            by_spelling.setdefault(spelling, []).append(author_id)
    close = difflib.get_close_matches(folded, list(by_spelling), n=_OFFERED, cutoff=_CLOSE)
    spelled = list(dict.fromkeys(a for spelling in close for a in by_spelling[spelling]))
    if spelled:
        return spelled[:_OFFERED]
    if len(folded) < _SHORTEST_PART:
        return []

    def begins_a_word(spelling: str) -> bool:
        parts = _WORD_BREAK.split(spelling)
        return spelling.startswith(folded) or any(p.startswith(folded) for p in parts)

    holding = [a for a, spellings in own.items() if any(map(begins_a_word, spellings))]
    return holding[:_OFFERED]


def check_authors(
    wanted: Iterable[str],
    authors: pd.DataFrame,
    list_name: str,
    used_names: pd.DataFrame | None = None,
) -> list[str]:
    """The author ids asked for, each checked against the ``authors`` table: another of a
    person's addresses stands for them (it is theirs alone), and so does a name of theirs when no
    other author has it: the table's ``name`` or, with ``used_names`` (``author_id`` and
    ``from_name`` of the messages), any From name they wrote under ("Jp Calderone" as well as
    "Jean-Paul Calderone"). A name several authors used is an error that lists them; the first
    unknown one is an error that offers the ids it may mean (``close_authors``), if any."""
    known = set(authors["author_id"].dropna())
    names = _names(authors, used_names)
    by_address = _ids_by_address(authors)
    ids = []
    for author in wanted:
        key = _name_key(author)
        if author.strip() in known:  # an id is itself
            ids.append(author.strip())
            continue
        if key in by_address:
            ids.append(by_address[key])
            continue
        having = names.get(key, [])
        if len(having) > 1:
            raise AnalyzerError(
                f"the name {author.strip()!r} is used by {len(having)} authors of list "
                f"{list_name!r}: {_offered(having, authors)}; give the id of the one meant"
            )
        ids.append(having[0] if having else author.strip())
    for author in ids:
        if author in known:
            continue
        meant = close_authors(author, authors, used_names)
        if not meant:
            raise AnalyzerError(
                f"no author {author!r} in list {list_name!r} (analyzer authors --list "
                f"{list_name} shows their ids)"
            )
        raise AnalyzerError(
            f"no author {author!r} in list {list_name!r}; did you mean {_offered(meant, authors)}?"
        )
    return ids


def _offered(author_ids: list[str], authors: pd.DataFrame) -> str:
    """'id' (Name), 'id' (Name) or 'id' (Name): the authors offered or listed to choose from."""
    names = authors.drop_duplicates("author_id").set_index("author_id")["name"]
    offered = []
    for author_id in author_ids:
        name = names.get(author_id)
        shown = f" ({name})" if isinstance(name, str) and name and name != author_id else ""
        offered.append(f"{author_id!r}{shown}")
    return offered[0] if len(offered) == 1 else ", ".join(offered[:-1]) + " or " + offered[-1]


def _name_key(name: str) -> str:
    """A name or address as looked up: lower case, spaces as one."""
    return " ".join(name.split()).casefold()


def _ids_by_address(authors: pd.DataFrame) -> dict[str, str]:
    """Each address of the ``authors`` table (lower case) and the person it belongs to."""
    if "emails" not in authors:
        return {}
    found: dict[str, str] = {}
    for author_id, emails in zip(authors["author_id"], authors["emails"], strict=True):
        if isinstance(author_id, str) and emails is not None:
            for address in emails:
                found.setdefault(str(address).casefold(), author_id)
    return found


def _names(authors: pd.DataFrame, used_names: pd.DataFrame | None) -> dict[str, list[str]]:
    """Each name (``_name_key``) of the ``authors`` table and of the From names in
    ``used_names``, and the authors who have it, busiest first: one author alone, and the name
    stands for them; namesakes, and it stands for no one (their ids must be given)."""
    if "n_messages" in authors:
        authors = authors.sort_values("n_messages", ascending=False, kind="stable")
    pairs = [authors[["author_id", "name"]]] if "name" in authors else []
    if used_names is not None:
        used = used_names[["author_id", "from_name"]].drop_duplicates()
        pairs.append(used.rename(columns={"from_name": "name"}))
    rank = {author_id: i for i, author_id in enumerate(authors["author_id"])}
    found: dict[str, list[str]] = {}
    for frame in pairs:
        for author_id, name in zip(frame["author_id"], frame["name"], strict=True):
            if not isinstance(author_id, str) or not isinstance(name, str):
                continue
            key = _name_key(name)
            if key and author_id not in found.setdefault(key, []):
                found[key].append(author_id)
    for having in found.values():
        having.sort(key=lambda author_id: rank.get(author_id, len(rank)))
    return found


def check_author_table(table: str) -> None:
    """Refuse, before any work, to filter by author a table whose rows have many authors."""
    if table not in AUTHOR_FILTERED_TABLES:
        raise AnalyzerError(
            f"the {table} table is not filtered by author: a row of it has many authors "
            f"(by author: {', '.join(AUTHOR_FILTERED_TABLES)})"
        )


def authors_rows(table: str, frame: pd.DataFrame, author_ids: Sequence[str]) -> pd.DataFrame:
    """The rows of ``table`` that belong to these authors: their messages, the replies they gave
    or received (edges), their own rows (authors)."""
    check_author_table(table)
    ids = set(author_ids)
    if table == "edges":
        keep = frame["source_author"].isin(ids) | frame["target_author"].isin(ids)
    else:
        keep = frame["author_id"].isin(ids)
    return frame[keep.to_numpy(dtype=bool)]
