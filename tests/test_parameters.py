"""Every URL parameter is parsed in layouts/parameters.py: a bad value is refused naming the
parameter, and the module needs no store (what a value is checked against is passed in)."""
from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from layouts import parameters
from layouts.parameters import ParameterError

COUNCILS = {"S12000033": "Aberdeen City", "S12000027": "Shetland Islands"}


@pytest.mark.parametrize("call,parameter", [
    (lambda: parameters.parse_area("S99999999", COUNCILS), "area"),
    (lambda: parameters.parse_areas("S12000033,S12000099", COUNCILS), "areas"),
    (lambda: parameters.parse_areas(",".join(f"S120000{n:02d}" for n in range(9)), COUNCILS), "areas"),
    (lambda: parameters.parse_flag("maybe", "ci", True), "ci"),
    (lambda: parameters.parse_choice("mars", "comparator", parameters.COMPARATORS, "scotland"), "comparator"),
    (lambda: parameters.parse_period("1999", ["2016", "2017"], "2017"), "period"),
    (lambda: parameters.parse_period(["2016", "2017"], ["2016", "2017"], "2017"), "period"),
    (lambda: parameters.parse_indicator("nope", ["looked_after_rate"]), "indicator"),
    (lambda: parameters.parse_sort("<b>x</b>", ["looked_after_rate"]), "sort"),
    (lambda: parameters.parse_image_size(MultiDict({"width": "abc"})), "width"),
    (lambda: parameters.parse_image_size(MultiDict({"height": "10"})), "height"),
    (lambda: parameters.parse_image_size(MultiDict({"scale": "9"})), "scale"),
])
def test_a_bad_value_names_its_parameter(call, parameter):
    with pytest.raises(ParameterError) as failure:
        call()
    assert failure.value.parameter == parameter and str(failure.value).startswith(f"Parameter '{parameter}': ")
    assert "<" not in str(failure.value), "a user's markup is never echoed back"


def test_good_values_and_defaults():
    assert parameters.parse_areas(" s12000027 ,S12000033,S12000027", COUNCILS) == ["S12000027", "S12000033"]
    assert parameters.parse_area("s12000033", COUNCILS) == "S12000033"
    assert parameters.parse_flag(None, "ci", True) is True and parameters.parse_flag("off", "ci", True) is False
    assert parameters.parse_period(None, ["2016", "2017"], "2017") == "2017"
    assert parameters.parse_sort(None, ["looked_after_rate"]) == "council"
    size = parameters.parse_image_size(MultiDict({"width": "800", "scale": "1.5"}))
    assert (size.width, size.height, size.scale) == (800, None, 1.5)
    assert parameters.query_of(MultiDict([("areas", "a"), ("areas", "b")])) == {"areas": ["a", "b"]}


def test_the_parameters_module_reads_no_store():
    from test_architecture import ROOT, imports
    names = [name for _line, name in imports(ROOT / "layouts" / "parameters.py", ROOT)]
    assert not [n for n in names if n.split(".")[0] in ("store", "layouts")], names
