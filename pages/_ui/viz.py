"""Visualisers for one sentence pair (spacy-streamlit style: ``key`` required, options keyword-only).

Pictures come from :mod:`xproj_core.render` (escaped HTML/SVG) or from Altair charts over DataFrames;
``st.html`` is only ever given ``render`` output.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from xproj_core import render


def show_links(pair, alignment, *, key: str, projected=(), gold=(), highlight_entity=None, title: str | None = None):
    """The linked view: both sentences, spans coloured by type, links coloured by confidence (hover)."""
    if title:
        st.markdown(f"**{title}**")
    with st.container(key=f"{key}_linked"):
        st.html(render.linked_view_html(pair, alignment, projected=tuple(projected), gold=tuple(gold),
                                        highlight_entity=highlight_entity, key=key))


def svg_download(pair, alignment, *, key: str, projected=(), gold=()):
    """A one-click SVG of the linked figure."""
    svg = render.linked_view_svg(pair, alignment, projected=tuple(projected), gold=tuple(gold))
    st.download_button("Download figure (SVG)", svg.encode("utf-8") if isinstance(svg, str) else svg,
                       file_name=f"{pair.id}.svg", mime="image/svg+xml", key=f"{key}_svg")


def show_spans(sentence, spans, *, key: str, title: str | None = None):
    """One sentence with inline entity spans (displaCy-like)."""
    if title:
        st.markdown(f"**{title}**")
    with st.container(key=f"{key}_spans"):
        st.html(render.spans_html(sentence, tuple(spans)))


def heatmap_chart(pair, alignment, *, projected=()) -> alt.Chart:
    """Altair alignment matrix: source words × target words, cell colour = link score."""
    df = pd.DataFrame(render.heatmap_frame(pair, alignment))
    x, y, v = _heat_columns(df)
    height = max(160, 18 * len(pair.src.words))
    width = max(200, 22 * len(pair.tgt.words))
    return (alt.Chart(df).mark_rect(stroke="#ddd").encode(
        x=alt.X(f"{x}:N", sort=None, title=f"target ({pair.tgt.lang or 'tgt'})", axis=alt.Axis(labelAngle=-60)),
        y=alt.Y(f"{y}:N", sort=None, title=f"source ({pair.src.lang or 'src'})"),
        color=alt.Color(f"{v}:Q", scale=alt.Scale(scheme="blues", domain=[0, 1]), title="link score"),
        tooltip=list(df.columns),
    ).properties(width=width, height=height))


def _heat_columns(df: pd.DataFrame) -> tuple[str, str, str]:
    cols = list(df.columns)

    def pick(*names):
        for n in names:
            if n in cols:
                return n
        raise KeyError(f"heatmap frame lacks one of {names}: {cols}")

    return (pick("tgt_label", "tgt_word", "target", "tgt"), pick("src_label", "src_word", "source", "src"),
            pick("score", "value", "link"))


def show_heatmap(pair, alignment, *, key: str):
    st.altair_chart(heatmap_chart(pair, alignment), key=f"{key}_heatmap", width="content")


def show_table(rows, *, key: str, empty: str = "Nothing to show."):
    if rows:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key=key, width="stretch")
    else:
        st.caption(empty)
