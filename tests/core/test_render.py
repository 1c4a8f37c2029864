"""render: escaped HTML/SVG, links between the right words (RTL too), heatmap data."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest

from xproj_core.render import (colour_table, heatmap_frame, label_colour, linked_view_html, linked_view_svg,
                               score_colour, sentence_direction, spans_html, text_width, word_direction)
from xproj_core.types import Alignment, GoldAlignment, Link, ProjectedSpan, Sentence, SentencePair, Span

SVG = "{http://www.w3.org/2000/svg}"
EVIL = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "&amp;", "</svg><b>x</b>"]


def evil_pair():
    src = Sentence(("Bob", EVIL[0], "met", EVIL[1]), (Span(0, 1, "PER"), Span(1, 2, "<i>LAB</i>")), lang="en")
    tgt = Sentence(("Bob", EVIL[2], EVIL[3], "x"), (Span(0, 1, "PER"),), lang="de")
    return SentencePair('id"><script>', src, tgt)


class TagCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(a for a, _ in attrs)

    def handle_data(self, data):
        self.text.append(data)


ALLOWED = {"div", "span", "mark", "svg", "g", "rect", "text", "line", "title", "style"}


@pytest.mark.parametrize("which", ["svg", "html", "spans_src", "spans_tgt"])
def test_render_escapes_every_user_string(which):
    p = evil_pair()
    al = Alignment((Link(1, 1, 0.5), Link(3, 2)))
    out = {
        "svg": lambda: linked_view_svg(p, al, projected=[Span(1, 3, "<b>")], gold=[Span(2, 3, "&")], key='k"><script>'),
        "html": lambda: linked_view_html(p, al, projected=[ProjectedSpan(Span(1, 3, "X<y"), 1, 0.5)], key="<k>"),
        "spans_src": lambda: spans_html(p.src, p.src.spans),
        "spans_tgt": lambda: spans_html(p.tgt, [Span(1, 2, "<u>")]),
    }[which]()
    for bad in ("<script", "<img", "<b>", "<i>", "<u>", "</svg><b>"):
        assert bad not in out, bad
    c = TagCollector()
    c.feed(out)
    assert set(c.tags) <= ALLOWED
    assert not [a for a in c.attrs if a.startswith("on")]
    text = "".join(c.text)
    assert "&lt;" not in text  # no double escaping: the user sees the original characters
    if which != "spans_tgt":
        assert "<script>alert(1)</script>" in text


def _parse(svg):
    root = ET.fromstring(svg)
    words = {}
    for g in root.iter(SVG + "g"):
        if "xp-w" in g.get("class", "").split():
            rect = g.find(SVG + "rect")
            words[(g.get("data-side"), int(g.get("data-i")))] = (float(rect.get("x")), float(rect.get("width")), g)
    links = [l for l in root.iter(SVG + "line") if "xp-lk" in l.get("class", "")]
    return root, words, links


def _check_links_join_words(svg, alignment):
    _, words, lines = _parse(svg)
    assert len(lines) == len(alignment.links)
    for line, link in zip(lines, alignment.links):
        sx, sw, _ = words[("source", link.src)]
        tx, tw, _ = words[("target", link.tgt)]
        assert float(line.get("x1")) == pytest.approx(sx + sw / 2, abs=0.11)
        assert float(line.get("x2")) == pytest.approx(tx + tw / 2, abs=0.11)
        assert f"xp-ls{link.src}" in line.get("class") and f"xp-lt{link.tgt}" in line.get("class")
    return words


def test_linked_svg_is_wellformed_and_links_join_the_right_words():
    src = Sentence(("Angela", "Merkel", "visited", "Paris", "."), (Span(0, 2, "PER"), Span(3, 4, "LOC")), lang="en")
    tgt = Sentence(("Angela", "Merkel", "besuchte", "am", "Montag", "Paris", "."), lang="de")
    pair = SentencePair("de-1", src, tgt)
    al = Alignment((Link(0, 0, 0.9), Link(1, 1), Link(2, 2, 0.2), Link(3, 5, 0.6)))
    svg = linked_view_svg(pair, al, projected=[Span(0, 2, "PER"), Span(5, 6, "LOC")], gold=[Span(5, 6, "LOC")])
    words = _check_links_join_words(svg, al)
    xs = [words[("target", j)][0] for j in range(7)]
    assert xs == sorted(xs)  # left to right
    # unaligned words are marked, aligned ones are not
    assert "xp-unaligned" in words[("target", 3)][2].get("class")
    assert "xp-unaligned" in words[("source", 4)][2].get("class")
    assert "xp-unaligned" not in words[("target", 5)][2].get("class")
    # hover rules exist, and the words precede the links inside one group (needed by the ~ combinator)
    assert re.search(r"\.xp-ws3:hover ~ \.xp-ls3\{", svg) and re.search(r"\.xp-wt5:hover ~ \.xp-lt5\{", svg)
    group = next(g for g in ET.fromstring(svg).iter(SVG + "g") if g.get("class") == "xp-g")
    kinds = ["w" if c.tag == SVG + "g" else "l" for c in group]
    assert kinds == sorted(kinds, key=lambda k: k == "l")
    # link colour follows the score
    lines = _parse(svg)[2]
    assert lines[0].get("stroke") == score_colour(0.9) and lines[2].get("stroke") == score_colour(0.2)


def test_linked_svg_rtl_row_is_mirrored_and_links_still_join_the_right_words():
    src = Sentence(("Toyota", "and", "Volkswagen", "build", "cars"), (Span(0, 1, "ORG"), Span(2, 3, "ORG")), lang="en")
    tgt = Sentence(("تصنع", "تويوتا", "وفولكس", "فاغن", "السيارات"), lang="ar")
    pair = SentencePair("ar-1", src, tgt)
    al = Alignment.from_pairs([(0, 1), (1, 2), (2, 2), (2, 3), (3, 0), (4, 4)])
    svg = linked_view_svg(pair, al, projected=[ProjectedSpan(Span(1, 2, "ORG"), 0, 0.9)], highlight_entity=0)
    words = _check_links_join_words(svg, al)
    xs = [words[("target", j)][0] for j in range(5)]
    assert xs == sorted(xs, reverse=True)  # word 0 at the right
    assert words[("target", 0)][2].find(SVG + "text").get("direction") == "rtl"
    assert words[("source", 0)][2].find(SVG + "text").get("direction") == "ltr"
    hil = [l for l in _parse(svg)[2] if "xp-hil" in l.get("class")]
    assert [(l.get("class").split()[1]) for l in hil] == ["xp-ls0"]  # the highlighted entity's link


def test_linked_view_without_alignment_and_with_gold_links():
    pair = SentencePair("x", Sentence(("a", "b"), (Span(0, 1, "PER"),)), Sentence(("c", "d")))
    svg = linked_view_svg(pair, None)
    assert ET.fromstring(svg) is not None and "<line" not in svg
    g = GoldAlignment(frozenset({(0, 0), (1, 1)}), frozenset({(0, 0), (1, 1)}))
    svg = linked_view_svg(pair, Alignment.from_pairs([(0, 0)]), gold_alignment=g)
    assert svg.count('class="xp-missing"') == 1
    html = linked_view_html(pair, Alignment.from_pairs([(0, 0)]), key="a")
    assert html.startswith("<div") and "xmlns" not in html and "link score" in html
    assert linked_view_html(pair, None, key="a") != linked_view_html(pair, None, key="b")  # ids scoped by key


def test_spans_html_cjk_rtl_and_overlaps():
    zh = Sentence(("安格拉·默克尔", "访问", "了", "巴黎", "。"), lang="zh")
    out = spans_html(zh, [Span(0, 1, "PER"), Span(3, 4, "LOC")])
    assert out.count('class="xp-tok xp-cjk"') == 5 and "> <" not in out  # explicit boundaries, no spaces
    assert out.count("<mark") == 2
    ar = Sentence(("زارت", "أنجيلا", "ميركل"), lang="ar")
    out = spans_html(ar, [ProjectedSpan(Span(1, 3, "PER"), 0, 0.75)])
    assert 'dir="rtl"' in out and 'lang="ar"' in out and "score 0.750" in out and out.count('dir="auto"') >= 3
    out = spans_html(Sentence(("a", "b", "c")), [Span(0, 2, "PER"), Span(1, 3, "LOC")])
    assert out.count("<mark") == 1 and "overlapping spans not shown: LOC [1, 3)" in out


def test_heatmap_frame():
    pair = SentencePair("p", Sentence(("a", "b", "a"), (Span(0, 1, "PER"),)), Sentence(("x", "y")))
    al = Alignment((Link(0, 0, 0.5), Link(2, 1)))
    g = GoldAlignment(frozenset({(0, 0)}), frozenset({(0, 0), (1, 1)}))
    df = heatmap_frame(pair, al, gold_alignment=g, projected=[Span(1, 2, "PER")])
    assert len(df) == 6 and df["src_label"].nunique() == 3  # repeated word "a" still gets its own row label
    cell = df[(df.src_i == 0) & (df.tgt_j == 0)].iloc[0]
    assert (cell.score, bool(cell.linked), cell.gold, cell.src_entity) == (0.5, True, "sure", "PER")
    assert df[(df.src_i == 1) & (df.tgt_j == 1)].iloc[0].gold == "possible"
    assert df.score.sum() == pytest.approx(1.5) and set(df[df.tgt_j == 1].tgt_entity) == {"PER"}


def test_colours_and_metrics():
    assert label_colour("PER") != label_colour("ORG")
    assert label_colour("FOO") == label_colour("FOO") and re.fullmatch(r"#[0-9a-f]{6}", label_colour("FOO"))
    assert list(colour_table(["LOC", "PER", "LOC"])) == ["LOC", "PER"]
    lum = [sum(int(score_colour(s)[k:k + 2], 16) for k in (1, 3, 5)) for s in (0, 0.25, 0.5, 0.75, 1)]
    assert lum == sorted(lum, reverse=True)  # darker = more confident
    assert text_width("北京") > text_width("ab") and text_width("e\u0301") == text_width("e")
    assert word_direction("«שלום»") == "rtl" and word_direction("2008") == "ltr"
    assert sentence_direction(Sentence(("שלום", "עולם"))) == "rtl"
    assert sentence_direction(Sentence(("a",), lang="fa-IR")) == "rtl"


@pytest.mark.browser
def test_linked_view_hover_and_layout_in_a_real_browser():
    """Chromium: hovering a word brightens its links; RTL words sit right to left; text fits its box."""
    from pathlib import Path

    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium is absent")
    sync_api = pytest.importorskip("playwright.sync_api")
    from xproj_core.demo import demo_gold_alignments, load_demo

    pair = next(p for p in load_demo(("ar",)) if p.id == "ar-0009")
    g = demo_gold_alignments(("ar",))[pair.id]
    al = Alignment.from_pairs(sorted(g.sure))
    page_html = "<html><body>" + linked_view_html(pair, al, projected=pair.tgt.spans, key="b") + "</body></html>"
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        try:
            page = b.new_page()
            page.set_content(page_html)
            opacity = "el => getComputedStyle(el).strokeOpacity"
            mine, other = page.locator(".xp-ls2").first, page.locator(".xp-ls0").first  # Volkswagen's links vs Toyota's
            assert float(mine.evaluate(opacity)) == pytest.approx(0.8)
            page.locator(".xp-ws2").hover()
            page.wait_for_timeout(100)
            assert float(mine.evaluate(opacity)) == pytest.approx(1.0)
            assert float(other.evaluate(opacity)) == pytest.approx(0.1)
            # the linked target word lights up (sibling rule) and vice versa (:has rule)
            fill = "el => getComputedStyle(el.querySelector('rect')).fill"
            assert page.locator(".xp-wt3").evaluate(fill) == "rgb(255, 224, 138)"
            page.locator(".xp-wt1").hover()
            page.wait_for_timeout(100)
            assert page.locator(".xp-ws0").evaluate(fill) == "rgb(255, 224, 138)"
            boxes = page.evaluate("""() => [...document.querySelectorAll('.xp-w')].map(g => {
                const r = g.querySelector('rect').getBBox(), t = g.querySelector('text').getBBox();
                return [g.dataset.side, +g.dataset.i, r.x, r.width, t.width]; })""")
            tx = [x for side, i, x, w, tw in sorted(boxes, key=lambda r: (r[0], r[1])) if side == "target"]
            assert tx == sorted(tx, reverse=True)
            for side, i, x, w, tw in boxes:
                assert tw <= w, (side, i, tw, w)  # estimated box is wide enough for the rendered word
        finally:
            b.close()
