from __future__ import annotations

from pathlib import Path

import pytest

from samskap.darp.instance import Instance, parse_cordeau

CORDEAU = Path("/work/shared/benchmarks/darp/cordeau2006")

# One vehicle, two requests: pickups at (10, 0) and (0, 10), drop-offs at (20, 0), (0, 20).
TINY = """\
1 2 {T} {Q} 30
0 0 0 0 0 0 {T}
1 10 0 1 1 0 {T}
2 0 10 1 1 0 {T}
3 20 0 1 -1 0 {late3}
4 0 20 1 -1 0 {T}
5 0 0 0 0 0 {T}
"""


def tiny(*, T: float = 200, Q: int = 2, late3: float | None = None) -> Instance:
    """The two-request instance above, with optional tighter limits."""
    text = TINY.format(T=T, Q=Q, late3=T if late3 is None else late3)
    return parse_cordeau(text, name="tiny")


@pytest.fixture(scope="session")
def a2_16() -> Instance:
    return parse_cordeau(CORDEAU / "a2-16.txt")
