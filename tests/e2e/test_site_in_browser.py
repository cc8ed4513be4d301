"""The course site in a real browser, opened from disk: lessons show their outputs and figures and
no code; the handouts load with no request outside the site's own files."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from casekit.handouts import lesson_notebooks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    try:
        import myst_nb  # noqa: F401
        import sphinx  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("the site's packages are missing under CI (pip install -e '.[test]' installs them)")
        pytest.skip("Sphinx and MyST-NB are not installed (pip install -e '.[site]')")
    from casekit.site import build_site

    out = tmp_path_factory.mktemp("site") / "html"
    held = build_site(ROOT, out)
    assert held["lessons"], held
    return out


@pytest.fixture
def local_page(browser):
    """A page that records every request for anything but the site's own files."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.outside = []
    page.errors = []
    page.on("request", lambda r: page.outside.append(r.url)
            if not r.url.startswith(("file://", "data:", "blob:", "about:")) else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


def _lesson_pages(site: Path) -> list[Path]:
    notebooks = ROOT / "notebooks"
    return [site / "notebooks" / p.relative_to(notebooks).with_suffix(".html") for p in lesson_notebooks(notebooks)]


def test_every_lesson_is_a_page_with_outputs_and_no_code(site, local_page):
    pages = _lesson_pages(site)
    assert pages and all(p.is_file() for p in pages)
    figures = 0
    for path in pages:
        local_page.goto(path.as_uri())
        local_page.wait_for_load_state("load")
        assert local_page.locator("h1").first.is_visible(), path.name
        assert local_page.locator(".cell_output").count() > 0, f"{path.name}: no outputs"
        assert local_page.locator(".cell_input, .highlight-ipython3, .highlight-python").count() == 0, \
            f"{path.name}: code is shown"
        for img in local_page.locator("img.casekit-figure").all():
            assert img.is_visible() and len(img.get_attribute("alt") or "") > 20
            assert img.evaluate("i => i.complete && i.naturalWidth > 100")
            figures += 1
    assert figures >= 1, "no lesson page shows a figure"
    assert local_page.outside == [] and local_page.errors == []


def test_the_index_links_every_lesson_and_the_handouts(site, local_page):
    local_page.goto((site / "index.html").as_uri())
    hrefs = local_page.eval_on_selector_all("a[href]", "as => as.map(a => a.getAttribute('href'))")
    for path in _lesson_pages(site):
        assert any(h.split("#")[0] == path.relative_to(site).as_posix() for h in hrefs), path.name
    handouts = [h for h in hrefs if re.match(r"^handouts/.*index\.html$", h)]
    assert handouts
    local_page.goto((site / handouts[0]).as_uri())
    assert "Handouts" in local_page.locator("h1").inner_text()


def test_the_handouts_load_with_no_external_request(site, local_page):
    pages = sorted((site / "handouts").rglob("*.html"))
    assert len(pages) >= 4
    for path in pages:
        local_page.goto(path.as_uri())
        local_page.wait_for_load_state("load")
        assert local_page.locator("h1").is_visible(), path.name
    figures = site / "handouts" / "figures-a4.html"
    local_page.goto(figures.as_uri())
    assert local_page.locator("figure svg").count() == 3
    assert local_page.locator("figcaption pre").first.inner_text().strip()
    assert local_page.outside == [], local_page.outside
    assert local_page.errors == []
