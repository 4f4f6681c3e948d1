"""Optimal matching of helpers to help needs: pure Python, no database (docs/matching.md).

    from samskap.matching import NeedInput, HelperInput, Weights, solve, certify

`model` holds the input dataclasses and weights, `scoring` eligibility and scores,
`optimise` the min-cost flow (OR-Tools) and the greedy baseline, `certify` the independent
optimality proof (numpy/scipy), `verify` the dump checker, `synthetic` and `bench` the
benchmark. The OR-Tools modules are imported on first use, so `certify` and `verify` run
without loading OR-Tools.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .model import (
    DAYS,
    PARTS,
    SLOTS,
    Components,
    HelperInput,
    NeedInput,
    Weights,
    mask_slots,
    slot_mask,
)
from .scoring import Edges, Suggestion, candidate_edges, components, pair_score, rank_helpers

if TYPE_CHECKING:
    from .certify import Certificate, certify, check_certificate
    from .optimise import Assigned, MatchResult, greedy, solve

_LAZY = {
    "Assigned": "optimise",
    "MatchResult": "optimise",
    "greedy": "optimise",
    "solve": "optimise",
    "Certificate": "certify",
    "certify": "certify",
    "check_certificate": "certify",
}

__all__ = [
    "DAYS",
    "PARTS",
    "SLOTS",
    "Assigned",
    "Certificate",
    "Components",
    "Edges",
    "HelperInput",
    "MatchResult",
    "NeedInput",
    "Suggestion",
    "Weights",
    "candidate_edges",
    "certify",
    "check_certificate",
    "components",
    "greedy",
    "mask_slots",
    "pair_score",
    "rank_helpers",
    "slot_mask",
    "solve",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
