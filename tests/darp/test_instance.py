from __future__ import annotations

import numpy as np
import pytest

from samskap.darp.instance import InstanceFormatError, parse_cordeau

from .conftest import CORDEAU, tiny


def test_parse_a2_16(a2_16):
    assert (a2_16.K, a2_16.n, a2_16.T, a2_16.Q, a2_16.L) == (2, 16, 480, 3, 30)
    assert len(a2_16.nodes) == 34
    assert a2_16.requests[0].pickup == 1 and a2_16.requests[0].delivery == 17
    assert all(v.start == 0 and v.end == 33 and v.capacity == 3 for v in a2_16.vehicles)
    assert a2_16.nodes[1].service == 3 and a2_16.nodes[17].load == -1
    dist = a2_16.distance
    assert dist.shape == (34, 34)
    assert np.allclose(dist, dist.T)
    assert dist[0, 33] == 0.0


def test_parse_all_benchmark_files():
    files = sorted(CORDEAU.glob("a*.txt"))
    assert len(files) == 24
    for path in files:
        instance = parse_cordeau(path)
        assert instance.name == path.stem
        assert f"a{instance.K}-{instance.n}" == path.stem


def test_parse_text_and_distance():
    instance = tiny()
    assert instance.name == "tiny"
    assert instance.distance[1, 3] == pytest.approx(10.0)
    assert instance.distance[3, 2] == pytest.approx(np.hypot(20, 10))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("1 1 100 3\n", "line 1: expected 5 fields"),
        ("1 x 100 3 30\n0 0 0 0 0 0 1\n", "line 1: not a number"),
        ("1 1.5 100 3 30\n0 0 0 0 0 0 1\n", "must be an integer"),
        ("1 1 100 3 30\n0 0 0 0 0 0 100\n1 0 0 0 1 0 100\n", "expected 4 node lines"),
        (
            "1 1 100 3 30\n0 0 0 0 0 0 100\n1 0 0 0 1 0 100\n2 0 0 0 -1 0\n3 0 0 0 0 0 100\n",
            "line 4: expected 7 fields",
        ),
        (
            "1 1 100 3 30\n0 0 0 0 0 0 100\n2 0 0 0 1 0 100\n2 0 0 0 -1 0 100\n3 0 0 0 0 0 100\n",
            "line 3: expected node id 1",
        ),
        (
            "1 1 100 3 30\n0 0 0 0 0 0 100\n1 0 0 0 1 0 100\n2 0 0 0 -2 0 100\n3 0 0 0 0 0 100\n",
            "request 1",
        ),
        (
            "1 1 100 3 30\n0 0 0 0 0 0 100\n1 0 0 0 1 50 10\n2 0 0 0 -1 0 100\n3 0 0 0 0 0 100\n",
            "line 3: time window",
        ),
        (
            "1 1 100 3 30\n0 0 0 0 0 0 100\n1 0 0 0 1 0 nan\n2 0 0 0 -1 0 100\n3 0 0 0 0 0 100\n",
            "non-finite",
        ),
    ],
)
def test_malformed_input_is_rejected_with_a_clear_message(text, message):
    with pytest.raises(InstanceFormatError, match=message):
        parse_cordeau(text + "\n")


def test_missing_file_raises():
    with pytest.raises(FileNotFoundError):
        parse_cordeau("/nonexistent/a9-99.txt")
