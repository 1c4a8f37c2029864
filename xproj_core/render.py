"""Pictures of sentence pairs as escaped HTML/SVG strings (displaCy's role; no streamlit here).

* :func:`linked_view_svg` / :func:`linked_view_html`: source and target words in two rows, entity
  spans coloured by type (source entities and projected spans filled, target gold outlined
  dashed), alignment links drawn as lines coloured by link score, unaligned words marked.
  Hovering a word highlights its links and the words it is linked to (pure CSS).
* :func:`spans_html`: one sentence with inline entities.
* :func:`heatmap_frame`: the alignment matrix as a DataFrame for an Altair heatmap.

Layout is computed here, word by word, so links join the right words whatever the script:
a right-to-left row is laid out from the right edge, each word is its own text element
whose direction comes from its first strong character (like ``dir="auto"``), and words of
scripts written without spaces are drawn as separate boxes. Every user string goes through
:func:`html.escape`.
"""

from __future__ import annotations

import colorsys
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

from .types import Alignment, GoldAlignment, ProjectedSpan, Sentence, SentencePair, Span

#: displaCy-like colours; other labels get a stable pastel from :func:`label_colour`.
LABEL_COLOURS = {
    "PER": "#aa9cfc", "ORG": "#7aecec", "LOC": "#feca74", "GPE": "#feca74", "MISC": "#e4e7d2",
    "DATE": "#bfe1d9", "TIME": "#bfe1d9", "NORP": "#c887fb", "EVENT": "#ffeb80", "PRODUCT": "#bfeeb7",
}
RTL_LANGS = frozenset({"ar", "arz", "he", "iw", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug", "syr"})
NO_SPACE_LANGS = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})

FONT_PX = 14
_BOX_H = 24
_PAD = 6
_GAP = 6
_MARGIN = 12
_LINK_GAP = 84

_esc = html.escape


def label_colour(label: str) -> str:
    """Background colour of an entity label (stable across runs and processes)."""
    if label in LABEL_COLOURS:
        return LABEL_COLOURS[label]
    h = int(hashlib.md5(label.encode("utf-8")).hexdigest()[:6], 16) / 0xFFFFFF
    r, g, b = colorsys.hls_to_rgb(h, 0.82, 0.65)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def colour_table(labels: Iterable[str]) -> dict[str, str]:
    """``label -> colour`` for a legend, in first-seen order."""
    return {l: label_colour(l) for l in dict.fromkeys(labels)}


def score_colour(score: float) -> str:
    """Link colour: light blue (low confidence) to dark blue (high)."""
    stops = ((0.0, (0xd0, 0xd8, 0xe8)), (0.5, (0x6b, 0xae, 0xd6)), (1.0, (0x08, 0x30, 0x6b)))
    s = min(1.0, max(0.0, float(score)))
    for (a, ca), (b, cb) in zip(stops, stops[1:]):
        if s <= b:
            t = (s - a) / (b - a)
            return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))
    return "#08306b"


# ---------------------------------------------------------------- text metrics and direction

def word_direction(word: str) -> str:
    """``"rtl"``/``"ltr"`` from the first strong character (what ``dir="auto"`` does)."""
    for ch in word:
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            return "rtl"
        if bidi == "L":
            return "ltr"
    return "ltr"


def sentence_direction(sentence: Sentence) -> str:
    """Direction of a whole row: from the language code, else from the majority of its words."""
    lang = (sentence.lang or "").split("-")[0].split("_")[0].lower()
    if lang:
        return "rtl" if lang in RTL_LANGS else "ltr"
    dirs = [word_direction(w) for w in sentence.words]
    return "rtl" if dirs and dirs.count("rtl") * 2 > len(dirs) else "ltr"


def text_width(word: str, font_px: float = FONT_PX) -> float:
    """Estimated rendered width: wide (CJK) characters 1 em, combining marks 0, others ~0.62 em."""
    w = 0.0
    for ch in word:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        eaw = unicodedata.east_asian_width(ch)
        if eaw in ("W", "F"):
            w += 1.0
        elif ord(ch) >= 0x1F000:  # emoji
            w += 1.15
        elif ch in "il.,:;'|!" or ch == " ":
            w += 0.32
        elif ch.isupper() or ch in "mwMW@%&":
            w += 0.78
        else:
            w += 0.6
    return max(w, 0.5) * font_px


# ---------------------------------------------------------------- layout

@dataclass(frozen=True)
class _Box:
    x: float
    w: float

    @property
    def mid(self) -> float:
        return self.x + self.w / 2


def _layout(words: Sequence[str], direction: str, width: float) -> list[_Box]:
    boxes, x = [], _MARGIN
    for w in words:
        bw = text_width(w) + 2 * _PAD
        boxes.append(_Box(x, bw))
        x += bw + _GAP
    if direction == "rtl":  # mirror: word 0 at the right edge
        boxes = [_Box(width - b.x - b.w, b.w) for b in boxes]
    return boxes


def _row_width(words: Sequence[str]) -> float:
    return 2 * _MARGIN + sum(text_width(w) + 2 * _PAD for w in words) + _GAP * max(0, len(words) - 1)


def _as_span(x: Span | ProjectedSpan) -> tuple[Span, float | None, int | None]:
    if isinstance(x, ProjectedSpan):
        return x.span, x.score, x.entity_index
    return x, None, None


def _dom_id(key: str, pair_id: str) -> str:
    digest = hashlib.sha1(f"{key}\x00{pair_id}".encode("utf-8")).hexdigest()[:8]
    return "xp-" + re.sub(r"[^A-Za-z0-9_-]", "_", key)[:40] + "-" + digest


def _span_rects(boxes: list[_Box], span: Span) -> tuple[float, float]:
    bs = boxes[span.start:span.end]
    left = min(b.x for b in bs)
    right = max(b.x + b.w for b in bs)
    return left, right


def linked_view_svg(pair: SentencePair, alignment: Alignment | None, *, projected: Sequence[Span | ProjectedSpan] = (),
                    gold: Sequence[Span] = (), highlight_entity: int | None = None, key: str = "",
                    gold_alignment: GoldAlignment | None = None, standalone: bool = True) -> str:
    """The linked figure as one SVG document (also the app's download).

    ``projected``: target spans (``Span`` or ``ProjectedSpan``, whose score shows on hover);
    ``gold``: target gold spans (dashed outline); ``highlight_entity``: index of a source entity
    whose words, links and projected span are emphasised; ``gold_alignment``: gold links missing
    from ``alignment`` are drawn dashed grey.
    """
    src, tgt = pair.src, pair.tgt
    links = tuple(alignment.links) if alignment is not None else ()
    width = max(_row_width(src.words), _row_width(tgt.words), 160.0)
    sdir, tdir = sentence_direction(src), sentence_direction(tgt)
    sb, tb = _layout(src.words, sdir, width), _layout(tgt.words, tdir, width)
    y_src = 22.0
    y_tgt = y_src + _BOX_H + _LINK_GAP
    height = y_tgt + _BOX_H + (40 if gold else 24)
    root = _dom_id(key, pair.id)
    n_src, n_tgt = len(src.words), len(tgt.words)
    links = tuple(l for l in links if 0 <= l.src < n_src and 0 <= l.tgt < n_tgt)
    linked_s = {l.src for l in links}
    linked_t = {l.tgt for l in links}
    hi = src.spans[highlight_entity] if highlight_entity is not None and 0 <= highlight_entity < len(src.spans) else None
    hi_words = set(range(hi.start, hi.end)) if hi else set()
    in_ent = {("s", k) for e in src.spans for k in range(e.start, min(e.end, n_src))}
    in_ent |= {("t", k) for p in projected for k in range(_as_span(p)[0].start, min(_as_span(p)[0].end, n_tgt))}

    out: list[str] = []
    xmlns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    out.append(f'<svg{xmlns} id="{root}" class="xp-linked" width="{width:.0f}" height="{height:.0f}" '
               f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" font-size="{FONT_PX}" '
               f'font-family="system-ui, -apple-system, \'Segoe UI\', \'Noto Sans\', \'Noto Sans Arabic\', '
               f'\'Noto Sans CJK SC\', sans-serif">')
    out.append(f"<title>{_esc(pair.id)}: {_esc(src.lang or 'source')} → {_esc(tgt.lang or 'target')}</title>")
    out.append(_css(root, links, n_src, n_tgt, bool(hi)))

    # entity backgrounds (under the words)
    for k, e in enumerate(src.spans):
        if e.end > n_src:
            continue
        l, r = _span_rects(sb, e)
        cls = "xp-ent xp-hi" if k == highlight_entity else "xp-ent"
        out.append(f'<rect class="{cls}" x="{l - 2:.1f}" y="{y_src - 3:.1f}" width="{r - l + 4:.1f}" height="{_BOX_H + 6}" '
                   f'rx="5" fill="{label_colour(e.label)}"><title>source {_esc(e.label)}: {_esc(src.span_text(e))}</title></rect>')
        out.append(f'<text class="xp-lab" x="{(l + r) / 2:.1f}" y="{y_src - 7:.1f}" text-anchor="middle">{_esc(e.label)}</text>')
    for p in projected:
        span, score, ent = _as_span(p)
        if span.end > n_tgt:
            continue
        l, r = _span_rects(tb, span)
        cls = "xp-proj xp-hi" if hi is not None and ent == highlight_entity else "xp-proj"
        tip = f"projected {span.label}: {tgt.span_text(span)}" + (f" (score {score:.3f})" if score is not None else "")
        out.append(f'<rect class="{cls}" x="{l - 2:.1f}" y="{y_tgt - 3:.1f}" width="{r - l + 4:.1f}" height="{_BOX_H + 6}" '
                   f'rx="5" fill="{label_colour(span.label)}"><title>{_esc(tip)}</title></rect>')
        out.append(f'<text class="xp-lab" x="{(l + r) / 2:.1f}" y="{y_tgt + _BOX_H + 14:.1f}" text-anchor="middle">'
                   f'{_esc(span.label)}</text>')
    for g in gold:
        if g.end > n_tgt:
            continue
        l, r = _span_rects(tb, g)
        out.append(f'<rect class="xp-gold" x="{l - 4:.1f}" y="{y_tgt - 5:.1f}" width="{r - l + 8:.1f}" height="{_BOX_H + 10}" '
                   f'rx="6" fill="none" stroke="{label_colour(g.label)}" stroke-width="2.5" stroke-dasharray="5 3">'
                   f'<title>gold {_esc(g.label)}: {_esc(tgt.span_text(g))}</title></rect>')
        out.append(f'<text class="xp-lab xp-goldlab" x="{(l + r) / 2:.1f}" y="{y_tgt + _BOX_H + 28:.1f}" '
                   f'text-anchor="middle">gold {_esc(g.label)}</text>')

    # words, then links (siblings in this order, so ``.ws3:hover ~ .ls3`` selects a word's links)
    scores_s: dict[int, list[str]] = {}
    scores_t: dict[int, list[str]] = {}
    for l in links:
        scores_s.setdefault(l.src, []).append(f"{tgt.words[l.tgt]} ({l.score:.2f})")
        scores_t.setdefault(l.tgt, []).append(f"{src.words[l.src]} ({l.score:.2f})")
    out.append('<g class="xp-g">')
    for side, words, boxes, y, linked, tips, prefix in (
        ("source", src.words, sb, y_src, linked_s, scores_s, "s"),
        ("target", tgt.words, tb, y_tgt, linked_t, scores_t, "t"),
    ):
        for i, (w, b) in enumerate(zip(words, boxes)):
            cls = f"xp-w xp-w{prefix}{i}" + ("" if i in linked else " xp-unaligned")
            if (prefix, i) in in_ent:
                cls += " xp-inent"
            if prefix == "s" and i in hi_words:
                cls += " xp-hiw"
            tip = f"{side} word {i}: {w}\n" + ("linked to: " + ", ".join(tips[i]) if i in tips else "unaligned")
            out.append(f'<g class="{cls}" data-side="{side}" data-i="{i}"><title>{_esc(tip)}</title>'
                       f'<rect x="{b.x:.1f}" y="{y:.1f}" width="{b.w:.1f}" height="{_BOX_H}" rx="4"/>'
                       f'<text x="{b.mid:.1f}" y="{y + _BOX_H / 2:.1f}" dy="0.35em" text-anchor="middle" '
                       f'direction="{word_direction(w)}" unicode-bidi="isolate">{_esc(w)}</text></g>')
    for l in links:
        x1, x2 = sb[l.src].mid, tb[l.tgt].mid
        cls = f"xp-lk xp-ls{l.src} xp-lt{l.tgt}" + (" xp-hil" if l.src in hi_words else "")
        out.append(f'<line class="{cls}" x1="{x1:.1f}" y1="{y_src + _BOX_H:.1f}" x2="{x2:.1f}" y2="{y_tgt:.1f}" '
                   f'stroke="{score_colour(l.score)}" stroke-width="{1.2 + 2 * min(1.0, max(0.0, l.score)):.2f}">'
                   f'<title>{_esc(src.words[l.src])} ↔ {_esc(tgt.words[l.tgt])}: {l.score:.2f}</title></line>')
    if gold_alignment is not None:
        have = {(l.src, l.tgt) for l in links}
        for i, j in sorted(gold_alignment.sure - have):
            if i < n_src and j < n_tgt:
                out.append(f'<line class="xp-missing" x1="{sb[i].mid:.1f}" y1="{y_src + _BOX_H:.1f}" x2="{tb[j].mid:.1f}" '
                           f'y2="{y_tgt:.1f}" stroke="#999" stroke-width="1.5" stroke-dasharray="4 3">'
                           f'<title>missing gold link {_esc(src.words[i])} ↔ {_esc(tgt.words[j])}</title></line>')
    out.append("</g></svg>")
    return "".join(out)


def _css(root: str, links: Sequence, n_src: int, n_tgt: int, highlight: bool) -> str:
    r = f"#{root}"
    rules = [
        f"{r} .xp-w rect{{fill:#fff;stroke:#bbb;stroke-width:1}}",
        f"{r} .xp-w text{{fill:#222}}",
        f"{r} .xp-inent rect{{fill:none;stroke:rgba(0,0,0,.2)}}",
        f"{r} .xp-unaligned rect{{stroke:#c33;stroke-dasharray:3 2}}",
        f"{r} .xp-unaligned:not(.xp-inent) rect{{fill:#f6f6f6}}",
        f"{r} .xp-unaligned text{{fill:#777;font-style:italic}}",
        f"{r} .xp-lab{{font-size:10px;font-weight:bold;fill:#444}}",
        f"{r} .xp-goldlab{{fill:#777;font-weight:normal}}",
        f"{r} .xp-lk{{stroke-opacity:.8}}",
        f"{r} .xp-w{{cursor:pointer}}",
        f"{r} .xp-w:hover rect{{stroke:#d62728;stroke-width:2}}",
        f"{r} .xp-w:hover ~ .xp-lk{{stroke-opacity:.1}}",
        f"{r} .xp-hi{{stroke:#d62728;stroke-width:2}}",
        f"{r} .xp-hiw rect{{stroke:#d62728;stroke-width:2}}",
    ]
    if highlight:
        rules.append(f"{r} .xp-lk{{stroke-opacity:.25}} {r} .xp-lk.xp-hil{{stroke-opacity:1;stroke:#d62728}}")
    for i in range(n_src):
        rules.append(f"{r} .xp-ws{i}:hover ~ .xp-ls{i}{{stroke-opacity:1;stroke-width:4}}")
    for j in range(n_tgt):
        rules.append(f"{r} .xp-wt{j}:hover ~ .xp-lt{j}{{stroke-opacity:1;stroke-width:4}}")
    for l in links:  # linked words light up too (target→source needs :has, a progressive enhancement)
        rules.append(f"{r} .xp-ws{l.src}:hover ~ .xp-wt{l.tgt} rect{{fill:#ffe08a}}")
        rules.append(f"{r} .xp-g:has(.xp-wt{l.tgt}:hover) .xp-ws{l.src} rect{{fill:#ffe08a}}")
    return "<style>" + "".join(rules) + "</style>"


def linked_view_html(pair: SentencePair, alignment: Alignment | None, *, projected: Sequence[Span | ProjectedSpan] = (),
                     gold: Sequence[Span] = (), highlight_entity: int | None = None, key: str = "",
                     gold_alignment: GoldAlignment | None = None) -> str:
    """The linked figure inside a scrollable ``<div>`` with a legend (for ``st.html``)."""
    svg = linked_view_svg(pair, alignment, projected=projected, gold=gold, highlight_entity=highlight_entity, key=key,
                          gold_alignment=gold_alignment, standalone=False)
    labels = [s.label for s in pair.src.spans] + [_as_span(p)[0].label for p in projected] + [g.label for g in gold]
    return (f'<div class="xp-linked-view" style="overflow-x:auto;padding:4px 0">{svg}'
            f'{legend_html(labels, links=alignment is not None)}</div>')


def legend_html(labels: Iterable[str], *, links: bool = True) -> str:
    items = [f'<span style="background:{c};padding:1px 6px;border-radius:4px;margin-right:6px">{_esc(l)}</span>'
             for l, c in colour_table(labels).items()]
    if links:
        items.append('<span style="margin-left:8px">link score: '
                     + "".join(f'<span style="display:inline-block;width:18px;height:6px;background:{score_colour(s)};'
                               f'margin:0 1px;vertical-align:middle" title="{s:.2f}"></span>' for s in (0.1, 0.3, 0.5, 0.7, 0.9))
                     + " low → high</span>")
    items.append('<span style="margin-left:8px;color:#777">filled: entity/projection · dashed: gold · '
                 '<span style="border:1px dashed #c33;padding:0 3px">unaligned</span></span>')
    return '<div class="xp-legend" style="font-size:12px;margin-top:4px">' + "".join(items) + "</div>"


# ---------------------------------------------------------------- inline entities

def spans_html(sentence: Sentence, spans: Sequence[Span | ProjectedSpan] = ()) -> str:
    """One sentence with entities as coloured marks (displaCy-like), every word an isolated bidi unit.

    Words of scripts written without spaces (Chinese, Japanese, Thai) are separated by a visible
    thin boundary. Overlapping spans: the first (in start order) wins; the others are listed after
    the sentence.
    """
    n = len(sentence.words)
    items = sorted((_as_span(s) for s in spans), key=lambda t: (t[0].start, t[0].end))
    chosen, skipped, last = [], [], 0
    for sp, score, _ in items:
        if sp.end > n:
            continue
        if sp.start < last:
            skipped.append(sp)
            continue
        chosen.append((sp, score))
        last = sp.end
    lang = (sentence.lang or "").split("-")[0].lower()
    cjk = lang in NO_SPACE_LANGS
    sep = "" if cjk else " "
    direction = sentence_direction(sentence)

    def tok(i: int) -> str:
        cls = "xp-tok xp-cjk" if cjk else "xp-tok"
        style = ' style="border-right:1px dotted #bbb;padding:0 2px"' if cjk else ""
        return f'<span class="{cls}" dir="auto" data-i="{i}"{style}>{_esc(sentence.words[i])}</span>'

    parts, i = [], 0
    for sp, score in chosen:
        parts.extend(tok(k) for k in range(i, sp.start))
        inner = sep.join(tok(k) for k in range(sp.start, sp.end))
        tip = f"{sp.label} [{sp.start}, {sp.end})" + (f" score {score:.3f}" if score is not None else "")
        parts.append(f'<mark class="xp-ent" dir="auto" title="{_esc(tip)}" style="background:{label_colour(sp.label)};'
                     f'padding:0.15em 0.35em;margin:0 0.1em;border-radius:0.35em;line-height:2">{inner}'
                     f'<span class="xp-lab" style="font-size:0.7em;font-weight:bold;margin-inline-start:0.4em">'
                     f'{_esc(sp.label)}</span></mark>')
        i = sp.end
    parts.extend(tok(k) for k in range(i, n))
    body = sep.join(parts)
    extra = ""
    if skipped:
        extra = ('<div class="xp-overlap" style="font-size:0.8em;color:#777">overlapping spans not shown: '
                 + ", ".join(_esc(f"{s.label} [{s.start}, {s.end})") for s in skipped) + "</div>")
    lang_attr = f' lang="{_esc(sentence.lang)}"' if sentence.lang else ""
    return f'<div class="xp-ents" dir="{direction}"{lang_attr} style="line-height:2.2">{body}</div>{extra}'


# ---------------------------------------------------------------- heatmap data

def heatmap_frame(pair: SentencePair, alignment: Alignment | None, *, gold_alignment: GoldAlignment | None = None,
                  projected: Sequence[Span | ProjectedSpan] = ()):
    """One row per (source word, target word) cell: indices, words, unique axis labels
    (``"3 Paris"``), ``score`` (0 where there is no link), ``linked``, ``gold``
    (``sure``/``possible``/``""``), and the entity labels of the source word and target word."""
    import pandas as pd

    src, tgt = pair.src.words, pair.tgt.words
    score = {(l.src, l.tgt): l.score for l in (alignment.links if alignment is not None else ())}
    src_ent = {k: s.label for s in pair.src.spans for k in range(s.start, s.end)}
    tgt_ent = {k: _as_span(p)[0].label for p in projected for k in range(_as_span(p)[0].start, _as_span(p)[0].end)}
    rows = []
    for i, sw in enumerate(src):
        for j, tw in enumerate(tgt):
            g = ""
            if gold_alignment is not None:
                g = "sure" if (i, j) in gold_alignment.sure else "possible" if (i, j) in gold_alignment.possible else ""
            rows.append((i, j, sw, tw, f"{i} {sw}", f"{j} {tw}", score.get((i, j), 0.0), (i, j) in score, g,
                         src_ent.get(i, ""), tgt_ent.get(j, "")))
    return pd.DataFrame(rows, columns=["src_i", "tgt_j", "src_word", "tgt_word", "src_label", "tgt_label", "score",
                                       "linked", "gold", "src_entity", "tgt_entity"])
