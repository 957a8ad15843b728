"""The content classes (coach.pack.model): frozen dataclasses whose init, equality, hash, repr
and frozenness are written once in coach.pack.fields.Model, so importing them compiles nothing
per class; they behave as the dataclasses they replace."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from pathlib import Path

import pytest

from coach.pack import model as m
from coach.pack.fields import Model
from coach.pack.load import load

CLASSES = [
    cls
    for _, cls in inspect.getmembers(m, inspect.isclass)
    if issubclass(cls, Model) and cls is not Model and dataclasses.is_dataclass(cls)
]


def test_every_content_class_shares_the_one_set_of_methods() -> None:
    assert len(CLASSES) >= 25
    for cls in CLASSES:
        for name in ("__init__", "__eq__", "__hash__", "__repr__", "__setattr__"):
            assert getattr(cls, name) is getattr(Model, name), (cls.__name__, name)
        assert "__slots__" in vars(cls), cls.__name__


@pytest.fixture
def pack(content_dir: Path) -> m.Pack:
    return load(content_dir).pack


def test_a_content_object_cannot_change(pack: m.Pack) -> None:
    step = pack.protocols[0].steps[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.title = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del pack.info.title  # type: ignore[misc]
    with pytest.raises(AttributeError):
        step.extra = 1  # type: ignore[attr-defined]  # slotted: no attribute of its own
    changed = dataclasses.replace(step, title="changed")
    assert changed.title == "changed" and step.title != "changed"
    assert changed != step and dataclasses.replace(step) == step


def test_a_pack_survives_pickling_equal_and_hashing_as_before(pack: m.Pack) -> None:
    again = pickle.loads(pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == pack and again is not pack
    assert again.protocols[0].steps == pack.protocols[0].steps
    option = m.Option(id="a", label="A")
    assert hash(option) == hash(m.Option(id="a", label="A")) and {option} == {option}
    assert option != m.Option(id="a", label="A", grade=1)
    assert repr(option) == "Option(id='a', label='A', grade=0)"
    with pytest.raises(TypeError):
        hash(pack)  # holds lists, as the pydantic models did


def test_making_one_by_hand_names_what_is_missing_or_unknown() -> None:
    assert m.Start() == m.Start(ask=None, window=None, passed_text=None)
    assert m.Rule(id="r", label="L", advice="a").when == m.When()  # a default made per object
    with pytest.raises(TypeError, match="'label'"):
        m.Option(id="a")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="nope"):
        m.Option(id="a", label="A", nope=1)  # type: ignore[call-arg]
