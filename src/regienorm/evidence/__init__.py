"""The evidence stage: what evidence is (:mod:`.model`), reading files into position-carrying
nodes (:mod:`.readers`, one reader per format), numbers as written (:mod:`.numbers`), checking
them against a compiled framework (:mod:`.check`), and the two together (:mod:`.load`)."""

from .load import load_evidence, parse_evidence
from .model import Assessment, Citation, Entity, Evidence, Finding, MeasureRecord, Override, Recorded, normalise_id

__all__ = [
    "Assessment",
    "Citation",
    "Entity",
    "Evidence",
    "Finding",
    "MeasureRecord",
    "Override",
    "Recorded",
    "load_evidence",
    "normalise_id",
    "parse_evidence",
]
