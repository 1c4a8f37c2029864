"""Label Studio JSON tasks (import/export), with character-offset spans.

One task per sentence::

    {"id": 1, "data": {"text": "...", "tokens": [...], "pair_id": "de-0001", "lang": "de", "status": "corrected"},
     "annotations": [{"result": [RESULT, ...], "ground_truth": false}],     # reviewed sentences only
     "predictions": [{"model_version": "xproj", "score": 0.8, "result": [RESULT + "score", ...]}]}
    RESULT = {"id": "1-0", "from_name": "label", "to_name": "text", "type": "labels",
              "value": {"start": 0, "end": 13, "text": "Angela Merkel", "labels": ["PER"]}}

Offsets are Python code-point offsets into ``data.text``. Label Studio's labelling config for these
tasks is :func:`label_config`. Reading snaps character spans to the words they cover (words come
from ``data.tokens`` when present, else from splitting the text on whitespace).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..errors import InputError
from ..types import ProjectedSpan, Sentence, Span, word_offsets



def label_config(labels: Iterable[str] = ("PER", "ORG", "LOC", "MISC")) -> str:
    """Label Studio labelling config (XML) matching these tasks, word-granular selection."""
    from html import escape

    items = "".join(f'<Label value="{escape(l)}"/>' for l in dict.fromkeys(labels))
    return (f'<View>\n  <Labels name="label" toName="text">{items}</Labels>\n'
            f'  <Text name="text" value="$text" granularity="word"/>\n</View>')


@dataclass(frozen=True)
class LabelStudioTask:
    """What one task holds: the sentence, its annotated spans (None if not annotated) and predictions."""

    sentence: Sentence
    annotated: tuple[Span, ...] | None
    predicted: tuple[ProjectedSpan, ...]
    status: str = ""


def _results(s: Sentence, spans: Iterable[Span | ProjectedSpan], task_no: int, prefix: str) -> list[dict]:
    offs, text = s.offsets, s.surface
    out = []
    for k, x in enumerate(spans):
        sp, score = (x.span, x.score) if isinstance(x, ProjectedSpan) else (x, None)
        a, b = offs[sp.start][0], offs[sp.end - 1][1]
        r = {"id": f"{prefix}{task_no}-{k}", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": a, "end": b, "text": text[a:b], "labels": [sp.label]}}
        if score is not None:
            r["score"] = round(float(score), 6)
        out.append(r)
    return out


def task(s: Sentence, *, task_no: int, annotated: Sequence[Span] | None = None,
         predicted: Sequence[ProjectedSpan] = (), status: str = "", extra: dict | None = None) -> dict:
    """One Label Studio task dict."""
    data = {"text": s.surface, "tokens": list(s.words), "pair_id": s.id, "lang": s.lang}
    if status:
        data["status"] = status
    data.update(extra or {})
    t: dict = {"id": task_no, "data": data}
    if annotated is not None:
        t["annotations"] = [{"result": _results(s, annotated, task_no, "a"), "ground_truth": False,
                             "was_cancelled": False}]
    if predicted:
        scores = [p.score for p in predicted]
        t["predictions"] = [{"model_version": "xproj", "score": round(sum(scores) / len(scores), 6),
                             "result": _results(s, predicted, task_no, "p")}]
    return t


def format_labelstudio(tasks: Iterable[dict]) -> str:
    return json.dumps(list(tasks), ensure_ascii=False, indent=1)


def _words(data: dict, where: str, no: int) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    text = data["text"]
    toks = data.get("tokens")
    if isinstance(toks, list) and toks and all(isinstance(t, str) and t for t in toks):
        offs = word_offsets(toks, text)
        if all(text[a:b] == t for t, (a, b) in zip(toks, offs)):
            return tuple(toks), offs
        raise InputError(where, None, f"task {no}: 'tokens' do not match 'text'")
    found = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    return tuple(w for w, _, _ in found), tuple((a, b) for _, a, b in found)


def _snap(r: dict, offs, where: str, no: int) -> tuple[Span, float | None]:
    try:
        v = r["value"]
        a, b, label = int(v["start"]), int(v["end"]), v["labels"][0]
    except (KeyError, TypeError, ValueError, IndexError):
        raise InputError(where, None, f"task {no}: a result lacks value.start/end/labels") from None
    inside = [k for k, (s, e) in enumerate(offs) if s < b and a < e]
    if not inside:
        raise InputError(where, None, f"task {no}: span [{a}, {b}) covers no word")
    score = r.get("score")
    return Span(inside[0], inside[-1] + 1, str(label)), (float(score) if score is not None else None)


def read_labelstudio(data: bytes | str, *, name: str = "<labelstudio>") -> list[LabelStudioTask]:
    """Tasks from a Label Studio JSON export (a list of tasks, or one task)."""
    try:
        obj = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(name, getattr(e, "lineno", None), f"invalid JSON: {e}") from None
    if isinstance(obj, dict):
        obj = [obj]
    if not isinstance(obj, list):
        raise InputError(name, None, "expected a list of Label Studio tasks")
    out = []
    for no, t in enumerate(obj, 1):
        if not isinstance(t, dict) or not isinstance(t.get("data"), dict) or not isinstance(t["data"].get("text"), str):
            raise InputError(name, None, f"task {no} has no data.text")
        d = t["data"]
        words, offs = _words(d, name, no)
        text = d["text"]
        s = Sentence(words, id=str(d.get("pair_id", t.get("id", ""))), text=None if text == " ".join(words) else text,
                     lang=str(d.get("lang", "")))
        annotated = None
        anns = [a for a in t.get("annotations", []) if isinstance(a, dict) and not a.get("was_cancelled")]
        if anns:
            annotated = tuple(sorted(_snap(r, offs, name, no)[0] for r in anns[-1].get("result", []) if r.get("type") == "labels"))
        predicted = []
        preds = t.get("predictions", [])
        if preds and isinstance(preds[0], dict):
            for k, r in enumerate(x for x in preds[0].get("result", []) if x.get("type") == "labels"):
                sp, score = _snap(r, offs, name, no)
                predicted.append(ProjectedSpan(sp, k, score if score is not None else 0.0))
        spans = annotated if annotated is not None else tuple(sorted(p.span for p in predicted))
        out.append(LabelStudioTask(Sentence(s.words, spans, s.id, s.text, s.lang), annotated, tuple(predicted),
                                   str(d.get("status", ""))))
    return out
