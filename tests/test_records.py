"""Each casefile record is declared once: on its model record (``model.yaml_field``), from which the
loader's checks, ``casekit schema`` and the loader's field copying all derive."""
from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from casekit import model, schema
from casekit.casefile import _load_yaml, validate
from casekit.casefile.fields import _plan, _Record, build
from casekit.model import YAML, yaml_field

ROOT = Path(__file__).resolve().parents[1]
FEATURES = ROOT / "tests" / "casefiles" / "features"
KURDISTAN = ROOT / "casefiles" / "kurdistan-2017"
MODEL_RECORDS = {name: rec for name, rec in schema.RECORDS.items() if isinstance(rec, type)}

# The model fields the casefile does not give: the loader works them out. A new field of a record
# is a casefile field (yaml_field) or is listed here; nothing else.
DERIVED = {
    "Source": {"text", "path", "body_line",  # the file's text and where it begins
               "original_note",  # what translation_of says beyond the original's id
               "analysis_marker", "confidence", "doubt", "lang", "fragments"},  # from the source's annotation file
    "Quote": {"source", "start", "in_analysis",  # the annotation file's source; where the text is in it
              "fragment"},  # its annotation file's fragments
    "Case": {"path", "sources", "quotes",  # the folder; sources/*.md; annotations/*.yaml
             "outlets", "glossary", "background"},  # outlets.yaml, glossary.yaml, background.yaml
}


def casefile_fields(cls: type) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if YAML in f.metadata]


@pytest.mark.parametrize("name", sorted(MODEL_RECORDS))
def test_schema_and_model_declare_the_same_fields(name):
    cls = MODEL_RECORDS[name]
    assert list(schema.fields_of(name)) == casefile_fields(cls)
    others = {f.name for f in dataclasses.fields(cls)} - set(casefile_fields(cls))
    assert others == DERIVED.get(cls.__name__, set()), (
        f"{cls.__name__}: a field that is neither made with yaml_field nor listed as worked out by the loader")


def test_every_model_record_with_casefile_fields_is_a_schema_record():
    declared = {obj for obj in vars(model).values()
                if dataclasses.is_dataclass(obj) and isinstance(obj, type) and casefile_fields(obj)}
    assert declared == set(MODEL_RECORDS.values())


def test_every_record_a_field_names_is_declared():
    for name in schema.RECORDS:
        for key, f in schema.fields_of(name).items():
            assert not f.items or f.items == "evidence" or f.items in schema.RECORDS, f"{name}.{key}: {f.items}"


def test_the_kind_and_requiredness_follow_the_model_field():
    quote, case, source = schema.fields_of("quote"), schema.fields_of("case"), schema.fields_of("source")
    assert (quote["cue"].kind, quote["cue"].required) == (schema.OPT_STR, True)  # no default: given, maybe null
    assert (quote["occurrence"].kind, quote["occurrence"].required) == (schema.INT, False)
    assert (quote["mentions"].kind, quote["headline"].kind) == (schema.TEXT_LIST, schema.BOOL)
    assert quote["presentation"].choices == tuple(model.PRESENTATIONS) and quote["presentation"].required
    assert quote["genre"].choices == tuple(model.GENRES) and quote["genre"].required
    assert "kind" not in quote  # replaced by the two
    assert (case["actors"].kind, case["actors"].items, case["actors"].required) == (schema.LIST, "actor", True)
    assert (case["stances"].required, case["exercises"].kind, case["layout"].kind) == (False, schema.MAP, schema.MAP)
    assert (source["author"].required, source["rights"].required) == (False, True)  # required= overrides
    assert schema.SOURCE is schema.fields_of(model.Source)  # the names of old are the derived mappings


def test_a_type_with_no_casefile_kind_is_refused():
    odd = dataclasses.make_dataclass("Odd", [("when", float, yaml_field("A number with a point."))])
    with pytest.raises(TypeError, match="no casefile kind"):
        schema.record_fields(odd)


# --- the loader copies every declared field ------------------------------------------------


def yaml_of(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n", 2)[1]
    problems: list = []
    data = _load_yaml(text, str(path), problems)
    assert not problems
    return data


def expected(value, kind):
    return tuple(value) if kind in (schema.TEXT_LIST, schema.LIST) else value


@pytest.mark.parametrize("folder", [FEATURES, KURDISTAN], ids=["features", "kurdistan"])
def test_the_loader_copies_every_plain_field_as_written(folder):
    (_, case, problems), = validate(folder)
    assert not problems
    case_yaml = yaml_of(folder / "case.yaml")
    given = {  # record name -> [(loaded record, its YAML mapping)]
        "case": [(case, case_yaml)],
        "source": [(case.source(p.stem), yaml_of(p)) for p in sorted((folder / "sources").glob("*.md"))],
        "quote": [(case.quote(q["id"]), q) for p in sorted((folder / "annotations").glob("*.yaml"))
                  for q in yaml_of(p)["quotes"]],
    }
    lists = {"actor": ("actors", case.actors), "person": ("people", case.people), "event": ("events", case.events),
             "stance": ("stances", case.stances), "relation": ("relations", case.relations),
             "term": ("terms", case.terms), "note": ("notes", case.notes), "frame": ("frames", case.frames),
             "group": ("groups", case.groups), "reporting_chain": ("reporting_chains", case.reporting_chains)}
    for name, (key, loaded) in lists.items():
        by_id = {r.id: r for r in loaded}
        given[name] = [(by_id[item["id"]], item) for item in case_yaml.get(key, [])]
    for name, file, loaded in (("outlet", "outlets.yaml", case.outlets), ("glossary_term", "glossary.yaml", case.glossary),
                               ("background_sentence", "background.yaml", case.background)):
        if (folder / file).exists():  # the context lists beside case.yaml, in file order
            given[name] = list(zip(loaded, yaml_of(folder / file), strict=True))
    compared = {}
    for name, pairs in given.items():
        cls = MODEL_RECORDS[name]
        for record, data in pairs:
            for field, kind, _, copied in _plan(cls):
                if copied and field in data and (name, field) != ("source", "translation_of"):
                    value = getattr(record, field)
                    want = expected(data[field], kind)
                    assert value == want or (isinstance(want, str) and value == want.strip()), \
                        f"{name} {getattr(record, 'id', '')}: {field} is {value!r}, the casefile says {want!r}"
                    compared.setdefault(name, set()).add(field)
    assert set(compared) >= {"case", "source", "quote", "actor", "person", "event", "stance", "relation"}
    if folder == KURDISTAN:
        assert set(compared) >= {"outlet", "glossary_term", "background_sentence"}
    # translation_of is read, not copied: an original's id, then any note on it
    for record, data in given["source"]:
        if data.get("translation_of"):
            assert (record.translation_of, record.original_note) != ("", "")
            assert record.translation_of in str(data["translation_of"]) or record.original_note.startswith(
                str(data["translation_of"]).split(" (")[0])


def test_build_copies_every_plain_field_and_refuses_to_skip_a_nested_one():
    samples = {schema.STR: "words", schema.OPT_STR: None, schema.BOOL: True, schema.INT: 2,
               schema.TEXT_LIST: ["a", "b"], schema.LIST: [["a", 1]], schema.MAP: {"a": [1]}}
    for name, cls in MODEL_RECORDS.items():
        plan = _plan(cls)
        data = {field: samples[kind] for field, kind, _, copied in plan if copied}
        rec = _Record(data, cls, "x.yaml", 1, name, [])
        made_by_loader = {field for field, _, _, copied in plan if not copied}
        needed = {f.name for f in dataclasses.fields(cls)
                  if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
        given = {name: () for name in (needed | made_by_loader) - set(data)}
        made = build(cls, rec, **given)
        for field, kind, _, copied in plan:
            if copied:
                assert getattr(made, field) == expected(samples[kind], kind), f"{name}.{field}"
    stance = {"id": "s", "actor": "a", "position": "oppose", "date": "2017-10", "summary": "S.", "evidence": ["q"]}
    with pytest.raises(TypeError, match="Stance.evidence"):
        build(model.Stance, _Record(stance, model.Stance, "x.yaml", 1, "stances[s]", []))


# --- a new field is one declaration ----------------------------------------------------------


def test_a_field_added_to_a_record_reaches_the_checks_the_loader_and_the_json_schema(tmp_path, monkeypatch):
    """Extend Actor by one yaml_field, as a contributor would in model.py: the casefile may then
    give it, the loader checks and copies it, and ``casekit schema`` documents it."""
    import casekit.casefile.loader as loader

    motto = yaml_field("The actor's motto, as it words it.", "")
    actor = dataclasses.make_dataclass("Actor", [("motto", str, motto)], bases=(model.Actor,), frozen=True)
    monkeypatch.setattr(loader, "Actor", actor)  # what `class Actor` in model.py is, once edited
    monkeypatch.setitem(schema.RECORDS, "actor", actor)

    folder = tmp_path / "features"
    shutil.copytree(FEATURES, folder)
    case_yaml = folder / "case.yaml"
    text = case_yaml.read_text(encoding="utf-8")
    case_yaml.write_text(text.replace("    name: State A\n", "    name: State A\n    motto: Unity first.\n", 1),
                         encoding="utf-8")
    (_, case, problems), = validate(folder)
    assert not problems
    assert case.actor("state-a").motto == "Unity first."
    assert case.actor("state-b").motto == ""  # left out: the default

    case_yaml.write_text(text.replace("    name: State A\n", "    name: State A\n    motto: 5\n", 1), encoding="utf-8")
    (_, case, problems), = validate(folder)
    assert case is None and [(p.field, p.message) for p in problems if p.field.startswith("actors")] == [
        ("actors[state-a].motto", "expected text, got the number 5")]  # (and what needs the actor, after it)
    case_yaml.write_text(text.replace("    name: State A\n", "    name: State A\n    mottto: Unity.\n", 1),
                         encoding="utf-8")
    (_, _, problems), = validate(folder)
    assert [p.message for p in problems if p.field.startswith("actors")] == ["unknown field; did you mean 'motto'?"]

    readme = (ROOT / "README.md").read_text(encoding="utf-8")  # the contributor notes show this very line
    assert 'motto: str = yaml_field("The actor\'s motto, as it words it.", "")' in readme
    properties = schema.json_schema("case")["$defs"]["actor"]["properties"]
    assert properties["motto"] == {"type": "string", "pattern": r"\S",
                                   "description": "The actor's motto, as it words it."}
