"""casekit handouts: print-ready, self-contained pages whose every quotation is verbatim in its source."""
from __future__ import annotations

import html
import json
import re
import shutil
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest

import casekit
from casekit import cli
from casekit.handouts import (HandoutError, glossary_html, lessons, load_glossary, quotations_in, sources_used,
                              write_handouts)

ROOT = Path(__file__).resolve().parents[1]
CASE_DIR = ROOT / "casefiles" / "kurdistan-2017"


@pytest.fixture(scope="module")
def case():
    return casekit.load_case(CASE_DIR)


@pytest.fixture(scope="module")
def out(case, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("handouts") / "out"
    write_handouts(case, CASE_DIR, ROOT / "notebooks", folder)
    return folder


def _pages(out: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(out.glob("*.html"))}


class _Assets(HTMLParser):
    """Every URL a page would load by itself: src of any element, href of <link>, url() and @import in CSS."""

    def __init__(self):
        super().__init__()
        self.loaded, self.anchors, self.in_style, self.css = [], [], False, []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("src", "srcset", "data", "poster"):
            if a.get(name):
                self.loaded.append(a[name])
        if tag == "link" and a.get("href"):
            self.loaded.append(a["href"])
        if tag == "a" and a.get("href"):
            self.anchors.append(a["href"])
        if a.get("style"):
            self.css.append(a["style"])
        self.in_style = tag == "style"

    def handle_data(self, data):
        if self.in_style:
            self.css.append(data)

    def handle_endtag(self, tag):
        self.in_style = False


@pytest.mark.slow  # every handout written once for the module: figures for slides and paper
def test_the_command_writes_every_handout(out, case):
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    for name in ("index.html", "glossary.html", "figures-a4.html", "figures-letter.html",
                 "packet-all-documents.html", "figures/figures-a4.pdf", "figures/figures-letter.pdf"):
        assert name in names, name
    for fig in ("timeline", "network", "stances"):
        assert {f"figures/{fig}-slide-16x9.png", f"figures/{fig}.svg", f"figures/{fig}.txt"} <= names
    packets = [n for n in names if n.startswith("packet-0")]
    assert len(packets) >= 3
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in packets + ["glossary.html", "figures-a4.html"]:
        assert f"href='{name}'" in index


@pytest.mark.slow  # every handout written once for the module: figures for slides and paper
def test_slides_are_16_by_9_and_pdf_pages_are_paper_sized(out):
    png = (out / "figures" / "network-slide-16x9.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1920, 1080)
    for paper, size in (("a4", (595.44, 841.68)), ("letter", (612.0, 792.0))):
        pdf = (out / "figures" / f"figures-{paper}.pdf").read_bytes()
        boxes = {tuple(sorted(round(float(x), 1) for x in m.groups()))
                 for m in re.finditer(rb"/MediaBox \[ ?0 0 ([\d.]+) ([\d.]+) ?\]", pdf)}
        assert boxes == {tuple(round(x, 1) for x in size)}, (paper, boxes)
        assert len(re.findall(rb"/Type /Page\b", pdf)) == 3


@pytest.mark.slow  # every handout written once for the module: figures for slides and paper
def test_pages_fetch_nothing(out):
    for name, text in _pages(out).items():
        parser = _Assets()
        parser.feed(text)
        assert not [u for u in parser.loaded if re.match(r"^(https?:)?//", u.strip(), re.I)], name
        for css in parser.css:
            assert not re.search(r"url\(|@import", css), name
        assert "<script" not in text.lower() and "<iframe" not in text.lower(), name
        assert "@media print" in text, name


@pytest.mark.slow  # every handout written once for the module: figures for slides and paper
def test_links_to_the_original_articles_are_anchors_only(out, case):
    parser = _Assets()
    parser.feed((out / "packet-all-documents.html").read_text(encoding="utf-8"))
    urls = {s.url for s in case.sources if s.url}
    assert urls and urls <= {html.unescape(a) for a in parser.anchors}


@pytest.mark.slow  # every handout written once for the module: figures for slides and paper
def test_every_quotation_is_verbatim_in_its_source(out, case):
    checked = 0
    for name, text in _pages(out).items():
        for source_id, words in quotations_in(text):
            assert words in case.source(source_id).text, (name, source_id, words[:60])
            checked += bool(words.strip())
    assert checked > 100


def test_the_quotation_check_can_fail(case):
    source = case.sources[0]
    page = f'<li data-source="{source.id}">words nobody wrote</li><q data-source=\'{source.id}\'>x &amp; y</q>'
    found = list(quotations_in(page))
    assert found == [(source.id, "words nobody wrote"), (source.id, "x & y")]
    assert not any(words in source.text for _, words in found)


@pytest.mark.slow  # every handout written once for the module: figures for slides and paper
def test_each_document_is_whole_with_numbered_lines(out, case):
    text = (out / "packet-all-documents.html").read_text(encoding="utf-8")
    for source in case.sources:
        lines = [w for sid, w in quotations_in(text) if sid == source.id]
        assert "\n".join(lines) == source.text.rstrip("\n"), source.id


@pytest.mark.slow  # every handout written once for the module: figures for slides and paper
def test_headnotes_say_who_when_what_where_whose_english_and_how_sure(out, case):
    text = html.unescape((out / "packet-all-documents.html").read_text(encoding="utf-8"))
    for label in ("Who speaks", "Date", "Kind of text", "Outlet", "Whose English", "How sure we are of the wording"):
        assert text.count(f"<th scope='row'>{label}</th>") == len(case.sources), label
    renderings = [s for s in case.sources if s.translation_of]
    assert renderings
    for s in renderings:
        assert f"English by {s.translated_by}" in text, s.id
    graded_c = [s for s in case.sources if s.confidence == "C"]
    for s in graded_c:
        assert s.doubt.strip()[:60] in text


def test_packets_follow_the_lessons_in_the_folder(case, tmp_path):
    """Lessons are found in the folder (a new or renumbered lesson gets its packet), never from a list."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    first, second = case.sources[0].id, case.quotes[-1]
    nb = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# The evidence locker"},
                    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": f'import casekit\ncase = casekit.load_case("{case.id}")\n'
                               f'views.reading_view(case, "{first}")\nviews.rivals_view(case, "{second.id}")'}],
          "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "notebooks" / "07_evidence_locker.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    found = {lesson.path.name: lesson for lesson in lessons(case, tmp_path / "notebooks")}
    assert found["07_evidence_locker.ipynb"].title == "The evidence locker"
    assert found["07_evidence_locker.ipynb"].sources == tuple(dict.fromkeys((first, second.source)))
    assert "02_reading_the_source.ipynb" in found


def test_a_lesson_comparing_renderings_gets_them_all(case):
    from casekit.translation import originals, renderings_of

    original = originals(case)[0]
    nb = {"cells": [{"cell_type": "code", "source": f'views.renderings_view(case, "{original.id}")'}]}
    used = sources_used(case, nb)
    assert used[0] == original.id and set(used[1:]) == {r.id for r in renderings_of(case, original.id)}


def test_glossary_is_shown_when_the_casefile_has_one(case, tmp_path):
    assert "no glossary yet" in glossary_html(case, load_glossary(tmp_path))
    (tmp_path / "glossary.yaml").write_text("- term: Peshmerga\n  definition: test entry\n", encoding="utf-8")
    page = glossary_html(case, load_glossary(tmp_path))
    assert "Peshmerga" in page and "test entry" in page and "no glossary yet" not in page
    (tmp_path / "glossary.yaml").write_text(
        "- id: example\n  term: Example term\n  term_note: (a note)\n  definition: What it means.\n"
        "  sources: example.org/page\n  confidence: A\n  check: an editor's check, not for print\n", encoding="utf-8")
    page = glossary_html(case, load_glossary(tmp_path))
    assert "Example term (a note)" in page and "What it means." in page and "Sources: example.org/page" in page
    assert "How sure: A" in page and "editor" not in page
    (tmp_path / "glossary.yaml").write_text("- term: [unclosed\n", encoding="utf-8")
    with pytest.raises(HandoutError, match=r"glossary\.yaml:\d+: glossary"):
        load_glossary(tmp_path)


@pytest.mark.slow  # every handout written once for the module: figures for slides and paper
def test_loaded_words_are_quoted_from_their_sentence(out, case):
    page = (out / "glossary.html").read_text(encoding="utf-8")
    assert case.terms and all(html.escape(t.gloss, quote=True) in page for t in case.terms)
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    for t in case.terms:
        q = case.quote(t.quote)
        source = case.source(q.source)
        row = next(r for r in rows if html.escape(t.gloss, quote=True) in r)
        if source.translation_of or "translation" in source.kind.lower():
            assert "English" in row, t.id  # a translated sentence says whose English it is


@pytest.mark.parametrize("bad", ["missing-parent/out", "a-file"])
def test_a_bad_out_fails_in_one_line(tmp_path, capsys, monkeypatch, bad):
    monkeypatch.chdir(ROOT)
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    code = cli.main(["handouts", "--out", str(tmp_path / bad)])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and err.startswith("casekit handouts: --out "), err
    assert not (tmp_path / "missing-parent").exists()


def test_a_missing_notebooks_folder_fails_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code = cli.main(["handouts", "--out", str(tmp_path / "o"), "--notebooks", str(tmp_path / "none")])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "--notebooks" in err
