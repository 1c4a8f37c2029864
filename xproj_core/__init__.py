"""xproj: projection-based data transfer for cross-lingual NER.

Public API re-exports only. Importing this package must not import torch, transformers,
spacy, simalign or streamlit (enforced by tests/core/test_lazy_imports.py).
"""

from .errors import BackendUnavailable, ConfigError, InputError, XprojError
from .types import (
    Alignment,
    Candidate,
    CandidateScore,
    EntityEvidence,
    Link,
    ProjectedSpan,
    Projection,
    Sentence,
    SentencePair,
    Span,
)

__version__ = "0.1.0"

__all__ = [
    "Alignment", "BackendUnavailable", "Candidate", "CandidateScore", "ConfigError", "EntityEvidence",
    "InputError", "Link", "ProjectedSpan", "Projection", "Sentence", "SentencePair", "Span", "XprojError",
    "__version__",
]
