"""HTML tables that the page's script can sort and filter; every cell escaped.

A cell shows text and may carry a sort value (``data-v``) so that numbers and dates sort as
numbers and dates whatever their display."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

import pandas as pd

Kind = Literal["text", "int", "float", "date", "datetime", "bool", "list"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, the frame column it shows and how to show it."""

    header: str
    key: str
    kind: Kind = "text"
    title: str = ""
    """Tooltip of the header: what the column counts."""


def _missing(value: Any) -> bool:
    if value is None or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_date(value: Any, with_time: bool = False) -> str:
    """A UTC date as ``2018-01-22`` (or ``2018-01-22 03:40``); empty when unknown."""
    if _missing(value):
        return ""
    stamp = pd.Timestamp(value)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC")
    return stamp.strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def _cell(value: Any, kind: Kind) -> tuple[str, str | None]:
    """(display text, sort value or None) of one value."""
    if kind == "list":
        items = [] if _missing(value) else list(value)
        return ", ".join(str(item) for item in items), None
    if _missing(value):
        return "", "-inf" if kind in ("int", "float") else ""
    if kind == "int":
        return f"{int(value):,}", str(int(value))
    if kind == "float":
        return f"{float(value):,.2f}", repr(float(value))
    if kind in ("date", "datetime"):
        return format_date(value, kind == "datetime"), pd.Timestamp(value).isoformat()
    if kind == "bool":
        return ("yes" if bool(value) else ""), "1" if bool(value) else "0"
    return str(value), None


def _sort_type(kind: Kind) -> str:
    return "num" if kind in ("int", "float", "bool") else "text"


def html_table(
    frame: pd.DataFrame,
    columns: Sequence[Column],
    *,
    table_id: str,
    caption: str,
    note: str = "",
    link: Callable[[pd.Series], str | None] | None = None,
    link_key: str = "subject",
) -> str:
    """A sortable, filterable table of ``frame``'s rows. ``link`` may name an anchor in the page
    (``#thread-1``) for a row; its ``link_key`` cell then links there."""
    head = "".join(
        f'<th scope="col" data-type="{_sort_type(c.kind)}"'
        + (f' title="{escape(c.title)}"' if c.title else "")
        + f'><button type="button">{escape(c.header)}</button></th>'
        for c in columns
    )
    body = []
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            text, sort_value = _cell(row[column.key], column.kind)
            attributes = f' data-v="{escape(sort_value)}"' if sort_value is not None else ""
            if column.kind in ("int", "float", "bool"):
                attributes += ' class="n"'
            elif column.kind in ("date", "datetime"):
                attributes += ' class="d"'
            content = escape(text)
            target = link(row) if (link is not None and column.key == link_key) else None
            if target:
                content = f'<a href="{escape(target)}">{content}</a>'
            cells.append(f"<td{attributes}>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    note_html = f'<p class="note">{escape(note)}</p>' if note else ""
    return (
        f'<div class="table-block" id="{escape(table_id)}">'
        f'<div class="table-tools"><input type="search" placeholder="Filter rows…" '
        f'aria-label="Filter {escape(caption)}"><span class="count"></span></div>'
        f'<div class="table-scroll"><table class="data">'
        f"<caption>{escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        f"{note_html}</div>"
    )
