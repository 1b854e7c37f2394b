"""The HTML report: written from the sample archive (plus two hostile messages), self-contained,
every archive text escaped, figures real PNGs, and the page working in headless Chromium."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from analyzer import api
from analyzer.config import load_list_config
from analyzer.errors import AnalyzerError, StoreError
from analyzer.identity import automated_authors
from analyzer.report import collect, write_report
from analyzer.report.data import MESSAGE_COLUMNS_READ
from analyzer.report.figures import activity_figure
from analyzer.timelines import unique_messages

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "archives" / "sample"
LIST = "civics-forum"
CHROMIUM = Path("/usr/bin/chromium")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The sample message that shows a sign-on widget's embed code: archive text that is HTML.
SAMPLE_SCRIPT = '<script src="https://signon.commonsfdn.example/widget.js"'
HOSTILE_NAME = "<b onmouseover=alert(1)>Mallory</b>"
HOSTILE_SUBJECT = (
    "<img src=x onerror=\"document.documentElement.dataset.pwned='subject'\"> $\\notamacro{$ costs"
)
HOSTILE_BODY = (
    "Hello all </details></ol><script>document.documentElement.dataset.pwned='body'</script>"
)
HOSTILE_MBOX = f"""From mallory@evil.example Mon Jan 15 10:00:00 2018
From: "{HOSTILE_NAME}" <mallory@evil.example>
To: civics-forum@lists.example.org
Subject: {HOSTILE_SUBJECT}
Date: Mon, 15 Jan 2018 10:00:00 +0000
Message-ID: <hostile-1@evil.example>

{HOSTILE_BODY}
and a link <a href="https://evil.example/">here</a>.

From efua@techjustice.example Mon Jan 15 12:00:00 2018
From: Efua Mensimah <efua@techjustice.example>
To: civics-forum@lists.example.org
Subject: Re: {HOSTILE_SUBJECT}
Date: Mon, 15 Jan 2018 12:00:00 +0000
Message-ID: <hostile-2@evil.example>
In-Reply-To: <hostile-1@evil.example>

Please do not paste <iframe src="https://evil.example/"></iframe> here.

"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive and two hostile messages, ingested through the public API."""
    folder = tmp_path_factory.mktemp("report-data")
    hostile = folder / "hostile.mbox"
    hostile.write_text(HOSTILE_MBOX, encoding="utf-8")
    api.ingest([SAMPLE, hostile], list_name=LIST, data_dir=folder / "store")
    return folder / "store"


@pytest.fixture(scope="module")
def messages(data_dir: Path) -> pd.DataFrame:
    return api.messages(LIST, data_dir)


@pytest.fixture(scope="module")
def report(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report with every thread drawn, so that every message's text is on the page."""
    return write_report(LIST, tmp_path_factory.mktemp("report"), data_dir=data_dir, top_threads=100)


@pytest.fixture(scope="module")
def page(report: Path) -> str:
    return report.read_text("utf-8")


class _Elements(HTMLParser):
    """Every start tag of a page with its attributes (what a browser would build elements of)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _elements(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser.tags


def test_the_data_holds_the_html_the_report_must_escape(messages: pd.DataFrame) -> None:
    bodies = messages["authored"].dropna()
    assert bodies.str.contains(SAMPLE_SCRIPT, regex=False).sum() == 1
    assert bodies.str.contains(HOSTILE_BODY, regex=False).sum() == 1
    assert (messages["from_name"] == HOSTILE_NAME).sum() == 1
    assert (messages["subject"] == HOSTILE_SUBJECT).sum() == 1


def test_every_figure_is_a_png_file_and_embedded_in_the_page(report: Path, page: str) -> None:
    names = sorted(path.name for path in (report.parent / "figures").iterdir())
    n_threads = len(re.findall(r'<article class="thread" id="thread-\d+">', page))
    expected = {"activity.png", "authors.png", "topics.png", "network.png"}
    expected |= {f"thread-{i:02d}.png" for i in range(1, n_threads + 1)}
    assert set(names) == expected
    embedded = re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert len(embedded) == len(names)
    files = {(report.parent / "figures" / name).read_bytes() for name in names}
    assert {base64.b64decode(data) for data in embedded} == files
    for name in names:
        content = (report.parent / "figures" / name).read_bytes()
        assert content.startswith(PNG_SIGNATURE), name
        with Image.open(report.parent / "figures" / name) as image:
            image.verify()
            assert image.size[0] >= 800 and image.size[1] >= 250, name


def people_threads(data_dir: Path) -> pd.DataFrame:
    """The threads a person wrote in: the report's (the list owner's monthly reminders, each
    a thread of its own, are left out)."""
    robots = automated_authors(api.authors(LIST, data_dir))
    messages = api.messages(LIST, data_dir, columns=["thread_id", "author_id"])
    robot_only = messages.groupby("thread_id")["author_id"].agg(lambda a: a.isin(robots).all())
    threads = api.threads(LIST, data_dir)
    kept = threads[~threads["thread_id"].map(robot_only).fillna(False).astype(bool)]
    assert 0 < len(kept) < len(threads)  # the sample has robots' threads
    return kept


def test_every_thread_is_drawn_with_its_reply_tree(
    page: str, messages: pd.DataFrame, data_dir: Path
) -> None:
    threads = people_threads(data_dir)
    articles = re.findall(r'<article class="thread".*?</article>', page, flags=re.DOTALL)
    assert len(articles) == len(threads)
    sizes = sorted((len(re.findall(r"<li class=\"d\d+\">", a)) for a in articles), reverse=True)
    assert sizes == sorted(threads["n_messages"], reverse=True)


def test_the_page_loads_nothing_from_elsewhere(page: str) -> None:
    for tag, attributes in _elements(page):
        assert tag not in ("link", "iframe", "object", "embed", "base", "frame"), tag
        for name in ("src", "href", "srcset", "action", "poster", "data", "formaction"):
            value = attributes.get(name)
            if value is not None:
                assert value.startswith(("data:image/png;base64,", "#")), (tag, name, value[:80])
        if tag == "script":
            assert "src" not in attributes
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.DOTALL)
    assert len(styles) == 1 and "url(" not in styles[0] and "@import" not in styles[0]
    assert re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page) is None
    policies = [
        attributes.get("content") or ""
        for tag, attributes in _elements(page)
        if tag == "meta" and attributes.get("http-equiv") == "Content-Security-Policy"
    ]
    assert len(policies) == 1 and policies[0].startswith("default-src 'none'; img-src data:;")


def test_the_author_count_says_how_many_are_robots(page: str, data_dir: Path) -> None:
    """The sample's 20 authors include the list owner's reminders (a researcher counted 20
    people where the periods' active authors leave it out): the card says so."""
    authors = api.authors(LIST, data_dir)
    robots = int(authors["is_automated"].sum())
    assert robots == 1
    card = f"<b>{len(authors)}</b><span>authors ({robots} automated)</span>"
    assert card in page


def test_archive_text_is_shown_as_text_never_as_markup(page: str) -> None:
    elements = _elements(page)
    scripts = [attributes for tag, attributes in elements if tag == "script"]
    assert len(scripts) == 2  # the page's own two
    assert [tag for tag, _ in elements if tag == "img"] == ["img"] * len(
        re.findall(r'<img class="chart"', page)
    )
    for tag, attributes in elements:
        assert not any(name.startswith("on") for name in attributes), (tag, attributes)
        assert tag != "iframe", attributes
        if tag == "a":
            assert (attributes.get("href") or "").startswith("#"), attributes
    assert SAMPLE_SCRIPT not in page
    assert "&lt;script src=&quot;https://signon.commonsfdn.example/widget.js&quot;" in page
    assert "&lt;script&gt;document.documentElement.dataset.pwned" in page
    assert "<b onmouseover" not in page
    assert "&lt;img src=x onerror=&quot;document.documentElement" in page
    assert "pwned='body'</script>" not in page


def test_the_figures_and_tables_show_the_archive(data_dir: Path, messages: pd.DataFrame) -> None:
    analysis = api.analysis(LIST, data_dir)
    data = collect(analysis, load_list_config(LIST, data_dir), top_authors=4, top_threads=3)
    table = unique_messages(messages)
    assert data.n_messages == len(table) == data.periods["messages"].sum()
    assert list(data.periods["period"]) == ["2017-10", "2017-11", "2017-12", "2018-01", "2018-02"]
    assert (
        data.periods["threads_started"].sum() == data.n_threads == len(api.threads(LIST, data_dir))
    )
    # The leading authors are the four people (no robot) with most messages, their rows whole.
    people = analysis.authors[~analysis.authors["is_automated"]]
    top = people.sort_values(["n_messages", "n_words_authored"], ascending=False).head(4)
    assert data.leaders.sum(axis=1).tolist() == top["n_messages"].tolist()
    # Every topic's messages per period add up to its messages.
    assert {t.topic for t in data.topics} == {
        "wgec",
        "workshop",
        "travel",
        "statements",
        "shutdowns",
    }
    for topic in data.topics:
        assert topic.per_period.sum() == topic.messages > 0
    # Each drawn thread lists its messages in reading order: a parent before its replies.
    assert [v.n_messages for v in data.largest] == sorted(
        api.threads(LIST, data_dir)["n_messages"], reverse=True
    )[:3]
    for view in data.largest:
        seen: set[str] = set()
        for message_id, parent_id, depth in view.messages[
            ["message_id", "parent_id", "depth"]
        ].itertuples(index=False):
            assert depth == 0 or parent_id in seen
            seen.add(message_id)
        assert len(seen) == view.n_messages
    assert data.pairs["weight"].sum() == data.n_replies


def test_the_same_store_gives_the_same_report(data_dir: Path, tmp_path: Path) -> None:
    first = write_report(LIST, tmp_path / "one", data_dir=data_dir, freq="W", top_threads=1)
    (tmp_path / "two" / "figures").mkdir(parents=True)
    (tmp_path / "two" / "figures" / "thread-07.png").write_bytes(PNG_SIGNATURE)  # an older run's
    (tmp_path / "two" / "figures" / "notes.txt").write_text("mine")
    second = write_report(LIST, tmp_path / "two", data_dir=data_dir, freq="W", top_threads=1)
    assert first.read_bytes() == second.read_bytes()
    names = sorted(path.name for path in (first.parent / "figures").iterdir())
    assert names == ["activity.png", "authors.png", "network.png", "thread-01.png", "topics.png"]
    assert sorted(p.name for p in (second.parent / "figures").iterdir()) == sorted(
        [*names, "notes.txt"]
    )
    for name in names:
        assert (first.parent / "figures" / name).read_bytes() == (
            second.parent / "figures" / name
        ).read_bytes()
    assert "2018-W03" in first.read_text("utf-8")


def test_the_report_tells_its_progress_a_figure_at_a_time(data_dir: Path, tmp_path: Path) -> None:
    """A report showed nothing after the analysis's bar (clearwater's 1,808 messages: 4 s
    gathering, 2.6 s drawing; more on a larger list): it tells its stages, a figure at a time,
    and ``analyzer report`` draws them (on a terminal) as the analysis's. The page is the
    same."""
    told: list[tuple[str, int, int]] = []
    page = api.write_report(
        LIST,
        tmp_path / "told",
        data_dir=data_dir,
        top_threads=2,
        on_progress=lambda *t: told.append(t),
    )
    figures = sorted(path.name for path in (page.parent / "figures").iterdir())
    assert len(figures) == 6  # activity, authors, network, topics, two threads
    assert told == [
        ("read", 0, 1),
        ("tables", 0, 1),
        *(("figures", done, 6) for done in range(7)),
        ("page", 0, 1),
    ]
    quiet = api.write_report(LIST, tmp_path / "quiet", data_dir=data_dir, top_threads=2)
    assert quiet.read_bytes() == page.read_bytes()
    assert sorted(p.name for p in (quiet.parent / "figures").iterdir()) == figures


def test_a_report_that_discovers_its_topics_tells_the_discoverys_stages(
    data_dir: Path, tmp_path: Path
) -> None:
    """With topics to discover, the "tables" stage ran for seconds with its bar at 0/1 (the
    researcher's review, ux26): the discovery's stages come between it and the figures."""
    told: list[tuple[str, int, int]] = []
    api.write_report(
        LIST,
        tmp_path,
        data_dir=data_dir,
        top_threads=2,
        n_topics=3,
        on_progress=lambda *t: told.append(t),
    )
    stages = [stage for stage, _, _ in told]
    tables, figures = stages.index("tables"), stages.index("figures")
    assert {"words", "topics"} <= set(stages[tables:figures])


def test_bad_requests_are_the_tools_errors(data_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(AnalyzerError, match="unknown period"):
        write_report(LIST, tmp_path, data_dir=data_dir, freq="fortnight")
    with pytest.raises(AnalyzerError, match="at least one"):
        write_report(LIST, tmp_path, data_dir=data_dir, top_threads=0)
    with pytest.raises(StoreError):
        write_report("no-such-list", tmp_path, data_dir=data_dir)
    assert not (tmp_path / "index.html").exists()


# --- in a real browser ----------------------------------------------------------------------


def _chromium(*arguments: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: install Debian's chromium package"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={profile}",
        *arguments,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def _console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def _root_and_body(dom: str) -> tuple[dict[str, str | None], dict[str, str | None]]:
    tags = _elements(dom)
    root = next(attributes for tag, attributes in tags if tag == "html")
    body = next(attributes for tag, attributes in tags if tag == "body")
    return root, body


@pytest.fixture(scope="module")
def browser_profile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    profile = tmp_path_factory.mktemp("chromium-profile")
    yield profile
    shutil.rmtree(profile, ignore_errors=True)


def test_chromium_draws_every_chart_without_errors(
    report: Path, page: str, browser_profile: Path, tmp_path: Path
) -> None:
    run = _chromium("--dump-dom", report.as_uri(), profile=browser_profile)
    assert _console_lines(run.stderr) == []
    root, body = _root_and_body(run.stdout)
    assert "data-errors" not in root, root.get("data-errors")
    assert "data-pwned" not in root
    charts = page.count('<img class="chart"')
    assert charts >= 5
    assert body.get("data-charts") == body.get("data-charts-ok") == str(charts)
    assert body.get("data-tables-ok") == str(page.count('<div class="table-block"'))

    shot = tmp_path / "report.png"
    run = _chromium(
        f"--screenshot={shot}", "--window-size=1280,2000", report.as_uri(), profile=browser_profile
    )
    assert _console_lines(run.stderr) == []
    with Image.open(shot) as image:
        assert image.size == (1280, 2000)
        colours = image.convert("RGB").resize((64, 100)).getcolors(64 * 100)
    assert colours is not None and len(colours) > 20  # a drawn page, not a blank one


_HARNESS = """
(function () {
  "use strict";
  var block = document.getElementById("threads-table");
  var table = block.querySelector("table");
  var button = table.tHead.rows[0].cells[1].querySelector("button");
  function column() {
    return Array.prototype.map.call(table.tBodies[0].rows, function (row) {
      return Number(row.cells[1].getAttribute("data-v"));
    });
  }
  button.click();
  var first = column();
  button.click();
  var second = column();
  var input = block.querySelector("input");
  input.value = "wgec  MEETING";
  input.dispatchEvent(new Event("input"));
  var shown = Array.prototype.filter.call(table.tBodies[0].rows, function (row) {
    return !row.hidden;
  }).map(function (row) { return row.cells[0].textContent; });
  document.body.setAttribute("data-test", JSON.stringify({
    first: first, second: second, shown: shown, count: block.querySelector(".count").textContent
  }));
})();
"""


def test_tables_sort_and_filter_in_chromium(
    report: Path, page: str, data_dir: Path, browser_profile: Path
) -> None:
    """The page's own script, driven by a test script added to a copy of the page (its hash
    added to the copy's content security policy, as the page's own scripts are); a script
    whose hash the policy does not list is blocked."""
    digest = base64.b64encode(hashlib.sha256(_HARNESS.encode()).digest()).decode()
    harness = page.replace("script-src ", f"script-src 'sha256-{digest}' ", 1)
    unlisted = "<script>document.body.setAttribute('data-unlisted', 'ran')</script>"
    harness = harness.replace("</body>", f"<script>{_HARNESS}</script>{unlisted}</body>", 1)
    copy = report.parent / "harness.html"
    copy.write_text(harness, "utf-8")
    try:
        run = _chromium("--dump-dom", copy.as_uri(), profile=browser_profile)
    finally:
        copy.unlink()
    root, body = _root_and_body(run.stdout)
    assert "data-unlisted" not in body
    assert root.get("data-errors") == "blocked by the content security policy: script-src-elem"
    assert len(_console_lines(run.stderr)) == 1
    assert "Content Security Policy" in _console_lines(run.stderr)[0]
    result = json.loads(body["data-test"] or "{}")
    threads = people_threads(data_dir)
    counts = sorted(threads["n_messages"].tolist())
    assert result["first"] == counts[::-1]  # numbers sort largest first on the first click
    assert result["second"] == counts
    subjects = threads["subject"].astype(str)
    wanted = subjects[
        subjects.str.contains("wgec", case=False) & subjects.str.contains("meeting", case=False)
    ]
    assert sorted(result["shown"]) == sorted(wanted) and len(wanted) >= 2
    assert result["count"] == f"{len(wanted)} of {len(threads)} rows"


def _same(left: object, right: object, where: str = "data") -> None:
    """Equal field by field: frames and series exactly, dtypes and all."""
    if isinstance(left, pd.DataFrame):
        pd.testing.assert_frame_equal(left, right, check_exact=True, obj=where)  # type: ignore[arg-type]
    elif isinstance(left, pd.Series):
        pd.testing.assert_series_equal(left, right, check_exact=True, obj=where)  # type: ignore[arg-type]
    elif dataclasses.is_dataclass(left):
        assert type(left) is type(right), where
        for field in dataclasses.fields(left):
            _same(getattr(left, field.name), getattr(right, field.name), f"{where}.{field.name}")
    elif isinstance(left, list | tuple):
        assert isinstance(right, list | tuple) and len(left) == len(right), where
        for i, (a, b) in enumerate(zip(left, right, strict=True)):
            _same(a, b, f"{where}[{i}]")
    else:
        assert type(left) is type(right) and (left == right or left is right), where


def test_the_report_reads_only_the_columns_it_names(corpora: Path, tmp_path: Path) -> None:
    """The report reads 13 of the messages' columns (``MESSAGE_COLUMNS_READ``), not the others
    (0.3 GB of a million messages): on two years of twisted-python, with discovered and with
    configured topics, what it shows is the same as from every column."""
    files = sorted((corpora / "twisted-python-pipermail-gz").glob("201[01]-*.txt.gz"))
    assert len(files) == 24
    api.ingest(files, list_name="twisted", data_dir=tmp_path)
    lean = api.analysis("twisted", tmp_path, bodies=False, columns=MESSAGE_COLUMNS_READ)
    every = api.analysis("twisted", tmp_path, bodies=False)
    assert list(lean.messages.columns) == list(MESSAGE_COLUMNS_READ)
    assert len(every.messages.columns) == 26 and len(lean.messages) > 3000
    pd.testing.assert_frame_equal(lean.messages, every.messages[list(MESSAGE_COLUMNS_READ)])
    discovered = collect(lean, load_list_config("twisted", tmp_path))
    assert discovered.topics_discovered and discovered.topics
    _same(discovered, collect(every, load_list_config("twisted", tmp_path)))
    (tmp_path / "twisted.toml").write_text(
        'name = "twisted"\n[topics.deferreds]\nterms = ["deferred", "errback"]\n'
    )
    lean = api.analysis("twisted", tmp_path, bodies=False, columns=MESSAGE_COLUMNS_READ)
    every = api.analysis("twisted", tmp_path, bodies=False)
    configured = collect(lean, load_list_config("twisted", tmp_path))
    assert not configured.topics_discovered and configured.topics[0].messages > 100
    _same(configured, collect(every, load_list_config("twisted", tmp_path)))
    with pytest.raises(AnalyzerError, match="no column 'bodies' \\(did you mean 'body'\\?\\)"):
        api.analysis("twisted", tmp_path, columns=["bodies"])


def test_people_who_share_a_name_are_told_apart(corpora: Path) -> None:
    """imagej-devel's Jenkins robot at jenkins@imagej.net and jenkins@loci.wisc.edu, told apart
    by a researcher: the report's tables and leaders name each with its address, where
    "jenkins" stood for both."""
    from analyzer.identity import IdentityOverrides, resolve_authors
    from analyzer.report.data import display_names

    messages = api.analyze(api.parse_sources([corpora / "imagej-devel-pipermail"], "imagej"))
    apart = IdentityOverrides(force_split=[["jenkins@imagej.net", "jenkins@loci.wisc.edu"]])
    authors = resolve_authors(messages, apart).authors
    names = display_names(authors)
    assert len(set(names.values())) == len(names) == len(authors)
    robots = sorted(name for name in names.values() if name.startswith("jenkins"))
    assert robots == ["jenkins <jenkins@imagej.net>", "jenkins <jenkins@loci.wisc.edu>"]
    unique = authors[~authors["name"].duplicated(keep=False)]
    pairs = zip(unique["author_id"], unique["name"], strict=True)
    assert all(names[key] == (name or key) for key, name in pairs)


def test_the_report_shows_each_persons_own_domain(corpora: Path, tmp_path: Path) -> None:
    """openbmc's Andrew Jeffery and Joel Stanley write from their own id.au domains: the
    report's authors table gives each his domain, where both read 'id.au'."""
    month = corpora / "openbmc-mbox-2019" / "openbmc-2019-08.mbox"
    api.ingest([month], list_name="openbmc", data_dir=tmp_path)
    page = write_report("openbmc", tmp_path / "report", data_dir=tmp_path, top_threads=1)
    section = page.read_text("utf-8").split('<section id="authors">', 1)[1].split("</section>")[0]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", section)
    affiliations = dict(rows)
    assert affiliations["Andrew Jeffery"] == "aj.id.au"
    assert affiliations["Joel Stanley"] == "jms.id.au"
    assert "id.au" not in affiliations.values()
    # and says what an affiliation is: a domain, personal ones too, unless configured (ux43:
    # read as employers)
    assert "configuration names its organisation ([authors.organisations])" in section
    assert 'title="the domain of the address most of their messages came from' in section


def test_a_one_message_list_is_reported_in_plain_words(tmp_path: Path) -> None:
    """One message: '1 message by 1 author', no 'replies up to depth 1' for a message that
    answers one the archive lacks, and the activity bar named by its month (a date axis ticked
    days under it and named the next month)."""
    mbox = tmp_path / "2018-02.mbox"
    mbox.write_text(
        "From a@x.example Mon Feb  5 10:00:00 2018\nFrom: Ann Lee <a@x.example>\n"
        "Message-ID: <m1@x>\nIn-Reply-To: <gone@x>\nDate: Mon, 05 Feb 2018 10:00:00 +0000\n"
        "Subject: Re: WGEC\n\nHello WGEC.\n\n"
    )
    api.ingest(mbox, list_name="one", data_dir=tmp_path)
    page = api.write_report("one", tmp_path / "report", data_dir=tmp_path).read_text("utf-8")
    assert "1 message by 1 author, " in page and "replies up to depth" not in page
    assert "<b>1</b><span>month</span>" in page  # not '1 months'

    data = collect(api.analysis("one", tmp_path), load_list_config("one", tmp_path))
    bottom = activity_figure(data).axes[1]
    assert [tick.get_text() for tick in bottom.get_xticklabels()] == ["2018-02"]


def test_a_robots_chain_is_no_largest_thread_and_few_threads_say_so(
    corpora: Path, tmp_path: Path
) -> None:
    """imagej-devel's Jenkins mailed build after build, each answering the last (a 23-message
    "thread" by one sender): the report's largest threads are people's. A month with a few
    threads says that is why it has no topics, not that the configuration lacks them."""
    api.ingest(corpora / "imagej-devel-pipermail", list_name="imagej", data_dir=tmp_path)
    analysis = api.analysis("imagej", tmp_path, bodies=False)
    robots = automated_authors(analysis.authors)
    config = load_list_config("imagej", tmp_path)
    data = collect(analysis, config, top_threads=10)
    everything = api.threads("imagej", tmp_path)
    assert data.n_threads == len(everything)
    messages = analysis.messages
    for view in data.largest:
        writers = messages.loc[messages["thread_id"] == view.thread_id, "author_id"]
        assert not writers.isin(robots).all(), view.subject
    robots_only = messages.groupby("thread_id")["author_id"].agg(lambda a: a.isin(robots).all())
    biggest = everything.set_index("thread_id")["n_messages"][robots_only].max()
    assert biggest >= 20  # the chain is there, and would lead the table
    assert not set(data.threads["thread_id"]) & set(robots_only[robots_only].index)
    page = api.write_report(
        "imagej", tmp_path / "r", data_dir=tmp_path, since="2015-02-01", until="2015-02-28"
    ).read_text("utf-8")
    assert re.search(r"No topics: \d+ threads are too few to find topics in", page)
    assert "replies between authors" in page
