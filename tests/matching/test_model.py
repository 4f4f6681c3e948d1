"""Time slots and weights of the matching model."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samskap.matching.model import SLOTS, Weights, mask_slots, slot_mask


def test_week_has_twenty_one_slots_in_order():
    assert len(SLOTS) == 21
    assert SLOTS[:4] == ("mon_am", "mon_pm", "mon_ev", "tue_am")
    assert SLOTS[-1] == "sun_ev"


def test_slot_mask_sets_bit_of_each_slot():
    assert slot_mask(["mon_am"]) == 1
    assert slot_mask(["mon_ev", "tue_am"]) == 0b1100
    assert slot_mask([]) == 0


def test_unknown_slot_code_is_rejected():
    with pytest.raises(ValueError, match="mon_night"):
        slot_mask(["mon_night"])


@given(st.sets(st.sampled_from(SLOTS)))
def test_mask_slots_round_trip(codes):
    assert set(mask_slots(slot_mask(codes))) == codes


def test_weights_must_be_non_negative_integers():
    with pytest.raises(ValueError):
        Weights(load_step=-1)
    with pytest.raises(ValueError):
        Weights(distance=1.5)
