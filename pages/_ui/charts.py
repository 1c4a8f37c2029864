"""Altair chart builders for the review, analysis and efficiency pages.

Each takes a DataFrame produced by ``xproj_core.analysis`` / ``triage`` / ``costs`` and returns
a chart; nothing here computes a number. Tooltips carry the exact values.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

METRIC_COLOURS = alt.Scale(domain=["P", "R", "F1"], range=["#4c78a8", "#f58518", "#54a24b"])
CATEGORY_ORDER = ["correct", "wrong type", "boundary", "missed", "spurious"]
# one colour per category whichever categories a run has (green = correct, red = missed)
CATEGORY_COLOURS = alt.Scale(domain=CATEGORY_ORDER, range=["#54a24b", "#b279a2", "#f58518", "#e45756", "#4c78a8"])


def prf_bars(df: pd.DataFrame, by: str, *, title: str = "") -> alt.Chart:
    """Grouped bars of P/R/F1 (0–100) per value of ``by`` (``lang``, ``type`` or ``run``)."""
    long = df.melt(id_vars=[by], value_vars=["P", "R", "F1"], var_name="metric", value_name="value")
    return (
        alt.Chart(long, title=title)
        .mark_bar()
        .encode(
            x=alt.X(f"{by}:N", title=by),
            xOffset=alt.XOffset("metric:N", sort=["P", "R", "F1"]),
            y=alt.Y("value:Q", title="score (×100)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("metric:N", scale=METRIC_COLOURS),
            tooltip=[by, "metric", alt.Tooltip("value:Q", format=".1f")],
        )
        .properties(height=260)
    )


def category_bars(df: pd.DataFrame, *, title: str = "", select: str | None = None) -> alt.Chart:
    """Stacked bars: instances per error category, one bar per language.

    ``select``: name of a point selection over (category, lang), so a click can open the instances.
    """
    chart = alt.Chart(df, title=title).mark_bar(cursor="pointer" if select else "default")
    if select:
        chart = chart.add_params(alt.selection_point(name=select, fields=["category", "lang"]))
    return (
        chart
        .encode(
            y=alt.Y("lang:N", title="language"),
            x=alt.X("count:Q", title="instances", stack="normalize"),
            # legend below: beside a one-language bar it was cut off
            color=alt.Color("category:N", sort=CATEGORY_ORDER, scale=CATEGORY_COLOURS,
                            legend=alt.Legend(orient="bottom", direction="horizontal")),
            order=alt.Order("order:Q"),
            tooltip=["lang", "category", "count"],
        )
        .properties(height=alt.Step(28))
    )


def cause_bars(df: pd.DataFrame, *, title: str = "") -> alt.Chart:
    """Horizontal bars: errors per cause (or boundary subtype)."""
    return (
        alt.Chart(df, title=title)
        .mark_bar()
        .encode(
            y=alt.Y("cause:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            x=alt.X("count:Q", title="instances"),
            color=alt.Color("lang:N", title="language"),
            tooltip=["cause", "lang", "count"],
        )
        .properties(height=alt.Step(22))
    )


def uncertainty_hist(df: pd.DataFrame) -> alt.Chart:
    """Distribution of the review queue's uncertainty score."""
    return (
        alt.Chart(df[["uncertainty"]])
        .mark_bar()
        .encode(
            x=alt.X("uncertainty:Q", bin=alt.Bin(maxbins=20), title="uncertainty"),
            y=alt.Y("count():Q", title="sentences"),
        )
        .properties(height=160)
    )


def stage_bars(df: pd.DataFrame, by: str = "run") -> alt.Chart:
    """Stacked horizontal bars: milliseconds per sentence per stage, one bar per ``by`` (run or method)."""
    tips = [by, "stage", alt.Tooltip("ms_per_sentence:Q", format=".3f")]
    if "seconds" in df.columns:
        tips.insert(2, alt.Tooltip("seconds:Q", format=".3f"))
    return (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y(f"{by}:N", title=None),
            x=alt.X("ms_per_sentence:Q", title="ms per sentence"),
            color=alt.Color("stage:N", sort=["translate", "align", "candidates", "score", "solve", "heuristic"]),
            tooltip=tips,
        )
        .properties(height=alt.Step(30))
    )


def length_lines(df: pd.DataFrame) -> alt.Chart:
    """Milliseconds per sentence by target-length bucket, one line per method."""
    buckets = list(dict.fromkeys(df["bucket"]))
    return (
        alt.Chart(df)
        .mark_line(point=True)
        .encode(
            x=alt.X("bucket:N", sort=buckets, title="target length (words)"),
            y=alt.Y("ms_per_sentence:Q", title="ms per sentence"),
            color=alt.Color("method:N"),
            tooltip=["method", "bucket", "sentences", alt.Tooltip("ms_per_sentence:Q", format=".2f")],
        )
        .properties(height=240)
    )


def cost_bars(df: pd.DataFrame) -> alt.Chart:
    """Extrapolated hours per method (log scale); the bar spans the low–high range."""
    d = df.dropna(subset=["seconds_low"]).copy()
    d["hours_low"] = d["seconds_low"] / 3600
    d["hours_high"] = d["seconds_high"] / 3600
    d["label"] = d["method"] + " · " + d["source"].str.split(",").str[0]
    order = list(d.sort_values(["hours_high", "hours_low"])["label"])
    base = alt.Chart(d).encode(
        y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=360)),
        color=alt.Color("source:N", legend=alt.Legend(orient="bottom", columns=1, labelLimit=500)),
        tooltip=["method", "source", alt.Tooltip("hours_low:Q", format=".3g"), alt.Tooltip("hours_high:Q", format=".3g")],
    )
    x = alt.X("hours_low:Q", scale=alt.Scale(type="log"), title="hours (log scale)")
    rng = base.mark_rule(strokeWidth=8, opacity=0.6).encode(x=x, x2="hours_high:Q")
    ends = base.mark_tick(thickness=2, size=18).encode(x="hours_high:Q") + base.mark_tick(thickness=2, size=18).encode(x=x)
    return (rng + ends).properties(height=alt.Step(26))
