"""Visualisers for one sentence pair (spacy-streamlit style: ``key`` required, options keyword-only).

Pictures come from :mod:`xproj_core.render` (escaped HTML/SVG) or from Altair charts over DataFrames;
``st.html`` is only ever given ``render`` output.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from xproj_core import render
from xproj_core import workbench as wb


def show_links(pair, alignment, *, key: str, projected=(), gold=(), gold_alignment=None, highlight_entity=None,
               title: str | None = None):
    """The linked view: both sentences, spans coloured by type, links coloured by confidence (hover)."""
    if title:
        st.markdown(f"**{title}**")
    html = render.linked_view_html(pair, alignment, projected=tuple(projected), gold=tuple(gold),
                                   gold_alignment=gold_alignment, highlight_entity=highlight_entity, key=key)
    # st.html's sanitiser drops SVG, so the figure goes into an iframe. Safe: render escapes every user string.
    st.iframe(f'<!doctype html><meta charset="utf-8"><body style="margin:0;font-family:sans-serif">{html}</body>',
              height="content")


def svg_download(pair, alignment, *, key: str, projected=(), gold=(), gold_alignment=None):
    """A one-click SVG of the linked figure."""
    svg = render.linked_view_svg(pair, alignment, projected=tuple(projected), gold=tuple(gold),
                                 gold_alignment=gold_alignment, key=key)
    st.download_button("Download figure (SVG)", svg.encode("utf-8"), file_name=f"{pair.id}.svg",
                       mime="image/svg+xml", key=f"{key}_svg")


def show_spans(sentence, spans, *, key: str, title: str | None = None):
    """One sentence with inline entity spans (displaCy-like)."""
    if title:
        st.markdown(f"**{title}**")
    st.html(render.spans_html(sentence, tuple(spans)))


def heatmap_chart(pair, alignment, *, gold_alignment=None, projected=()) -> alt.Chart:
    """Altair alignment matrix: source words × target words, colour = link score, rings = gold links."""
    df = wb.heatmap_cells(pair, alignment, gold_alignment=gold_alignment, projected=projected)
    xs = [f"{j} {w}" for j, w in enumerate(pair.tgt.words)]  # every word on the axes, even in the sparse frame
    ys = [f"{i} {w}" for i, w in enumerate(pair.src.words)]
    x = alt.X("tgt_label:N", sort=xs, scale=alt.Scale(domain=xs), title=f"target ({pair.tgt.lang or 'tgt'})",
              axis=alt.Axis(labelAngle=-60, labelOverlap=False))
    y = alt.Y("src_label:N", sort=ys, scale=alt.Scale(domain=ys), title=f"source ({pair.src.lang or 'src'})",
              axis=alt.Axis(labelOverlap=False))
    tooltip = ["src_word", "tgt_word", alt.Tooltip("score:Q", format=".2f"), "gold", "src_entity", "tgt_entity"]
    cells = alt.Chart(df).mark_rect(stroke="#e5e5e5").encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("score:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), title="link score"))
    chart = cells
    if gold_alignment is not None:
        rings = alt.Chart(df[df["gold"] != ""]).mark_point(shape="circle", size=60, filled=False).encode(
            x=x, y=y, tooltip=tooltip,
            color=alt.Color("gold:N", scale=alt.Scale(domain=["sure", "possible"], range=["#d62728", "#ff9896"]),
                            title="gold link"))
        chart = alt.layer(cells, rings).resolve_scale(color="independent")
    return chart.properties(width=alt.Step(26), height=alt.Step(22))  # one fixed-size cell per word pair


def show_heatmap(pair, alignment, *, key: str, gold_alignment=None, projected=()):
    chart = heatmap_chart(pair, alignment, gold_alignment=gold_alignment, projected=projected)
    st.altair_chart(chart, key=f"{key}_heatmap", width="content")


def show_table(rows, *, key: str, empty: str = "Nothing to show."):
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key=key, width="stretch")
    else:
        st.caption(empty)
