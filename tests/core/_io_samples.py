"""Sentences in several scripts for the I/O round-trip tests (shared by tests/core/test_io_*.py)."""

from xproj_core.types import Sentence, Span

UNICODE_SENTENCES = [
    # Arabic (RTL)
    Sentence(("ذهب", "محمد", "إلى", "القاهرة", "."), (Span(1, 2, "PER"), Span(3, 4, "LOC")), id="ar-1",
             text="ذهب محمد إلى القاهرة.", lang="ar"),
    # Hebrew (RTL), a hyphenated name
    Sentence(("דוד", "בן-גוריון", "נולד", "בפולין"), (Span(0, 2, "PER"),), id="he-1", lang="he"),
    # Japanese: no spaces in the text
    Sentence(("東京", "は", "日本", "の", "首都", "です"), (Span(0, 1, "LOC"), Span(2, 3, "LOC")), id="ja-1",
             text="東京は日本の首都です", lang="ja"),
    # Chinese with a full-width space inside a token
    Sentence(("北京\u3000大学", "在", "北京"), (Span(0, 1, "ORG"), Span(2, 3, "LOC")), id="zh-1", lang="zh"),
    # combining diaeresis, emoji ZWJ sequence, flag, one-word entity at the end
    Sentence(("Zoe\u0308", "👩\u200d🔬", "visited", "🇫🇷", "Paris"), (Span(0, 1, "PER"), Span(4, 5, "LOC")), id="x-1"),
    # no entities; a three-word entity
    Sentence(("nothing", "here"), (), id="x-2"),
    Sentence(("the", "Bank", "of", "England", "said"), (Span(1, 4, "ORG"),), id="x-3",
             text="the  Bank of England said"),
]
