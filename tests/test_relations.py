"""Relations as international relations: typed on two axes, dated, with evidence strength; norms
apart from alignment; periods; balance per period (strict and weak), issue triads, and what
became of unbalanced triads in the next period."""
from __future__ import annotations

from pathlib import Path

import pytest

from casekit import alliances, load_case
from casekit import questions as qs
from casekit.casefile import CasefileError
from casekit.grading import grade

SECOND = Path(__file__).parent / "casefiles" / "second-case"


def _problems(folder: Path) -> list[str]:
    with pytest.raises(CasefileError) as info:
        load_case(folder)
    return [f"{Path(p.file).name}:{p.line}: {p.field}: {p.message}" for p in info.value.problems]


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "case.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def second(tmp_path):
    import shutil

    folder = tmp_path / "second-case"
    shutil.copytree(SECOND, folder)
    return folder


# --- the format ---------------------------------------------------------------------------------


def test_the_second_case_uses_every_new_field():
    case = load_case(SECOND)
    r = next(x for x in case.relations if x.id == "valdoria-cooperates-norvania")
    assert (r.mode, r.valence, r.strength, r.quad, r.sign) == ("verbal", "cooperation", "explicit",
                                                               "verbal cooperation", 1)
    assert r.note
    norm = case.norms[0]
    assert (norm.actor, norm.about, norm.labels) == ("valdoria", "norvania", ("territorial integrity", "unity"))
    assert [p.id for p in case.periods] == ["before-the-plebiscite", "the-plebiscite"]
    assert case.period_of("2031-03") == case.periods[1] and case.period_of("2031-02-28") == case.periods[0]
    assert {r.id for r in case.relations_in("the-plebiscite")} == {r.id for r in case.relations}


@pytest.mark.parametrize("old, new, expected", [
    ("    valence: cooperation\n", "    valence: friendly\n",
     "relations[valdoria-cooperates-norvania].valence: 'friendly' is not one of: cooperation, conflict"),
    ("    mode: verbal\n    valence: cooperation\n", "    valence: cooperation\n",
     "relations[valdoria-cooperates-norvania].mode: missing required field"),
    ("    strength: explicit\n    date: 2031-03-14\n", "    strength: strong\n    date: 2031-03-14\n",
     "relations[valdoria-cooperates-norvania].strength: 'strong' is not one of: explicit, passing"),
    ("    note: Rests on Valdoria", "    notes: Rests on Valdoria",
     "relations[valdoria-cooperates-norvania].note: missing required field"),
    ("    norms: [territorial-integrity, unity]", "    norms: [territorial-integrity, friendship]",
     "norms[valdoria-norvania-unity].norms: 'friendship' is not one of"),
    ("    about: norvania", "    about: norvnia", "norms[valdoria-norvania-unity].about: unknown actor 'norvnia'"),
    ("    start: 2031-03-01", "    start: 2031-02-20",
     "periods[the-plebiscite].start: 2031-02-20 overlaps period 'before-the-plebiscite'"),
    ("    start: 2031-03-01", "    start: 2031-03", "periods[the-plebiscite].start: '2031-03' is not a day"),
    ("    end: 2031-02-28", "    end: 2030-12-31", "periods[before-the-plebiscite].end: 2030-12-31 is before"),
    ("    date: 2031-03-14\n    intent: true", "    date: 2030-12-14\n    intent: true",
     "relations.valdoria-cooperates-norvania.date: 2030-12-14 falls in no one period"),
    ("    end: 2031-02-28\n", "    end: 2031-03-05\n",
     "periods[the-plebiscite].start: 2031-03-01 overlaps period 'before-the-plebiscite'"),
    ("  - id: valdoria-opposes\n    actor: valdoria\n    position: oppose\n    date: 2031-03-14",
     "  - id: valdoria-opposes\n    actor: valdoria\n    position: oppose\n    date: 2031-03-15",
     "stances[valdoria-opposes].date: '2031-03-15' is not the date of its first dated evidence"),
])
def test_each_mistake_is_named_with_file_line_and_field(second, old, new, expected):
    _edit(second, old, new)
    problems = _problems(second)
    assert any(expected in p and p.startswith("case.yaml:") and p.split(":")[1].isdigit() and int(p.split(":")[1]) > 1
               for p in problems), problems


def test_a_month_relation_straddling_two_periods_is_refused(second):
    _edit(second, "    end: 2031-02-28\n", "    end: 2031-03-10\n")
    _edit(second, "    start: 2031-03-01\n", "    start: 2031-03-11\n")
    problems = _problems(second)
    assert any("relations.norvania-confronts-eastmark.date: 2031-03 falls in no one period" in p for p in problems)


def test_a_joint_statement_has_no_stance_of_its_own(second):
    text = (second / "case.yaml").read_text(encoding="utf-8")
    text = text.replace("actors:\n", "actors:\n  - id: joint\n    name: A joint statement\n    kind: joint statement\n"
                                     "    members: [valdoria, norvania]\n", 1)
    text = text.replace("stances:\n", "stances:\n  - id: joint-opposes\n    actor: joint\n    position: oppose\n"
                                      "    date: 2031-03-14\n    summary: Test.\n    evidence: [valdoria-without-legal-effect]\n", 1)
    (second / "case.yaml").write_text(text, encoding="utf-8")
    assert any("stances[joint-opposes].actor: 'joint' is a joint statement" in p for p in _problems(second))


# --- the migrated case --------------------------------------------------------------------------


def test_the_case_keeps_norms_apart_from_alignment(case):
    """Respect for Iraq's sovereignty, integrity or unity is a stated norm, not an edge to Baghdad."""
    assert len(case.norms) == 11 and all(n.about == "iraq" for n in case.norms)
    assert not [r for r in case.relations if r.other == "iraq" and "integrity" in r.summary]
    hub = sum(1 for p in alliances.case_signs(case) if "iraq" in p)
    assert hub <= 4  # Baghdad is no longer the hub of the network


def test_the_weak_relations_are_kept_only_as_what_they_show(case):
    weak = {r.id: r for r in case.relations if r.strength == "passing"}
    assert weak["turkey-rebuts-united-states"].quad == "verbal conflict"
    assert weak["israel-confronts-turkey"].quad == "verbal conflict"
    assert frozenset(("turkey", "united-states")) not in alliances.case_signs(case)
    assert frozenset(("turkey", "united-states")) in alliances.case_signs(case, passing=True)
    assert qs.pair_key(case, "turkey", "united-states") == "none"
    assert ("turkey", "united-states") not in qs.alliance_pairs(case)  # not asked: no key rests on a remark


def test_periods_cover_every_relation_and_stances_are_dated_by_their_first_evidence(case):
    assert [p.id for p in case.periods] == ["before-the-vote", "vote-to-kirkuk", "after-kirkuk"]
    assert (case.periods[1].start, case.periods[1].end, case.periods[2].start) == ("2017-09-25", "2017-10-15",
                                                                                 "2017-10-16")
    assert sum(len(case.relations_in(p.id)) for p in case.periods) == len(case.relations)
    dates = {s.id: s.date for s in case.stances}
    assert dates["turkey-opposes"] == "2017-06-09" and dates["united-states-opposes"] == "2017-09-15"
    krg = next(s for s in case.stances if s.id == "krg-supports")
    assert all(case.speaker_actor(case.quote(e.quote).speaker) == "krg" for e in krg.evidence if e.quote)
    assert not [s for s in case.stances if case.actor(s.actor).members]
    assert "axis-of-resistance" not in {a.id for a in case.actors}
    groups = {g.id: g.actors for g in case.groups}
    assert "iraq" not in groups["neighbours"] and "iraq-parliament" not in groups["neighbours"]


# --- balance ------------------------------------------------------------------------------------


def test_strict_and_weak_balance_and_the_actor_a_triad_turns_on():
    t = alliances.Triad
    assert t(("a", "b", "c"), (1, 1, 1)).pattern == "all-friendly"
    one = t(("a", "b", "c"), (1, 1, -1))  # a is friendly with b and c, who are hostile
    assert (one.balanced, one.clusterable, one.pivot) == (False, False, "a")
    enemy = t(("a", "b", "c"), (1, -1, -1))  # c is hostile to both friends
    assert (enemy.balanced, enemy.clusterable, enemy.pivot) == (True, True, "c")
    allneg = t(("a", "b", "c"), (-1, -1, -1))
    assert (allneg.balanced, allneg.clusterable, allneg.pattern) == (False, True, "all-hostile")
    assert alliances.verdict_right(one, "one-hostile:a") and not alliances.verdict_right(one, "one-hostile:b")
    # a verdict recorded by an earlier release is still marked, on the strict notion
    assert alliances.verdict_right(one, "unbalanced") and not alliances.verdict_right(allneg, "balanced")


def test_issue_triads_show_why_adversaries_who_opposed_the_vote_are_not_friends(case):
    """Iran and the United States both opposed the vote; the only hostility between them is a
    remark in passing, and with it the issue triad is all-negative: strictly unbalanced, clusterable."""
    with_passing = {t.actors: t for t in alliances.issue_triads(case, "vote-to-kirkuk", passing=True)}
    iran_us = with_passing[("iran", "united-states")]
    assert iran_us.signs == (-1, -1, -1) and not iran_us.balanced and iran_us.clusterable
    strict = {t.actors: t for t in alliances.issue_triads(case, "vote-to-kirkuk")}
    assert ("iran", "united-states") not in strict
    assert strict[("iran", "turkey")].balanced  # friends who agree
    assert strict[("iran", "krg")].balanced  # adversaries who disagree
    assert not strict[("krg", "united-states")].balanced  # friends who disagree: the puzzle of the period


def test_the_unbalanced_triad_of_one_period_and_what_became_of_it(case):
    found = alliances.changes(case, "vote-to-kirkuk", "after-kirkuk")
    assert [(c.triad.actors, c.outcome, c.by) for c in found] == [(("krg", "united-states"), "resolved", "attitude")]
    assert "freeze the results" in found[0].how
    q = next(q for q in qs.alliance_bank(case) if q.kind == "resolution")
    assert q.answer == "attitude" and q.id == "resolution/vote-to-kirkuk--after-kirkuk/krg--united-states"


def test_relation_items_show_their_document_and_keys_are_balanced(case):
    bank = qs.alliance_bank(case)
    types = [q for q in bank if q.kind == "relation_type"]
    counts = {c.value: sum(1 for q in types if q.answer == c.value) for c in qs.QUAD_CHOICES}
    assert len(set(counts.values())) == 1 and min(counts.values()) >= 2
    for q in types:
        r = next(x for x in case.relations if q.id == f"relation_type/{x.id}")
        assert any(e.text in q.prompt for e in r.evidence) and qs.key_worthy(case, r)
    pairs = [q.answer for q in bank if q.kind == "relation"]
    assert max(pairs.count(k) for k in set(pairs)) <= 0.6 * len(pairs)
    assert any(q.is_open and "unbalanced" in q.prompt for q in bank)


def test_the_bank_check_catches_an_unbalanced_key(case):
    import dataclasses

    from casekit import bankcheck

    one_sided = dataclasses.replace(case, relations=tuple(dataclasses.replace(r, valence="cooperation")
                                                          for r in case.relations))
    checker = bankcheck._Checker(one_sided)
    checker.key_balance(qs.alliance_bank(one_sided))
    assert any(p.rule == "key-balance" and p.question == "relation/*" for p in checker.problems)


def test_old_balance_verdicts_and_keys_are_still_graded(case, tmp_path, start_exercise):
    """A record made before the verdicts named the pattern (balanced / unbalanced), against the
    key of that release, is re-marked rather than refused."""
    from casekit.widgets import AllianceBuilder, BalanceCheck, alliance_exercise

    assert "29f149ec67d31a527cad52ee4aafe31cd1accb33c90ada5030541646a206cfe7" in qs.accepted_checksums(
        case, "regional-alliances")
    exercise = start_exercise(alliance_exercise, case, tmp_path, "Ana")
    builder = exercise.part(AllianceBuilder)
    for q in builder.questions:
        builder.pickers[q.id].value = q.answer
    builder.check_button.click()
    balance = exercise.part(BalanceCheck)
    balance.list_button.click()
    triad = balance.items[0][0]
    old = "balanced" if triad.balanced else "unbalanced"
    balance._record(alliances.balance_id(triad), old, True)  # as an earlier release recorded it
    book = grade(case, [tmp_path / "kurdistan-2017" / "ana.json"])
    assert not book.rejected and book.results[0].balance["regional-alliances"] == [(True, True)]


def _relation(rid, actor, other, valence, date, evidence="vandal-not-recognise"):
    return (f"  - id: {rid}\n    actor: {actor}\n    other: {other}\n    mode: verbal\n    valence: {valence}\n"
            f"    strength: explicit\n    date: {date}\n    summary: Test relation.\n    evidence: [{evidence}]\n"
            f"    note: Test data.\n")


def test_a_triad_resolved_by_a_relation_that_changed_sign(second):
    """Made-up relations on the fictional case: Norvania friendly with two adversaries before the
    plebiscite; after it, Norvania breaks with Eastmark: the triad is resolved by that relation."""
    more = (_relation("t1", "valdoria", "norvania", "cooperation", "2031-02-10")
            + _relation("t2", "norvania", "eastmark", "cooperation", "2031-02-10")
            + _relation("t3", "valdoria", "eastmark", "conflict", "2031-02-10")
            + _relation("t4", "valdoria", "eastmark", "conflict", "2031-03-14"))
    _edit(second, "relations:\n", "relations:\n" + more)
    case = load_case(second)
    before = alliances.triads(alliances.case_signs(case, "before-the-plebiscite"))
    assert [(t.actors, t.pattern, t.pivot) for t in before] == [(("eastmark", "norvania", "valdoria"), "one-hostile",
                                                                 "norvania")]
    found = [c for c in alliances.changes(case, "before-the-plebiscite", "the-plebiscite")
             if isinstance(c.triad, alliances.Triad)]
    assert [(c.outcome, c.by) for c in found] == [("resolved", "relation")]
    assert "Eastmark Regional Council – Norvania turned friendly to hostile" in found[0].how
    q = qs.resolution(case, "before-the-plebiscite", "the-plebiscite", found[0])
    assert q.answer == "relation" and q.answer in [c.value for c in q.choices]
    # and where a relation is not stated in the next period, the triad is not observed there
    _edit(second, _relation("t4", "valdoria", "eastmark", "conflict", "2031-03-14"), "")
    case = load_case(second)
    found = [c for c in alliances.changes(case, "before-the-plebiscite", "the-plebiscite")
             if isinstance(c.triad, alliances.Triad)]
    assert [c.outcome for c in found] == ["not-stated"] and "Eastmark Regional Council – Valdoria" in found[0].how


# --- the views a lesson shows: balance and change, one period at a time -------------------------


def test_the_balance_views_follow_the_periods_of_the_case(case):
    from casekit import views

    shown = views.triads_view(case).text
    for p in case.periods:
        found = alliances.triads(alliances.case_signs(case, p.id))
        assert f"{p.label}: " + (f"{len(found)} triad" if found else "no triad") in shown
        assert all(alliances.describe_triad(case, t) in shown for t in found)
    unbalanced = views.triads_view(case, issue=True, unbalanced=True).text
    every = views.triads_view(case, issue=True).text
    for p in case.periods:
        for t in alliances.issue_triads(case, p.id, passing=True):
            words = alliances.describe_issue_triad(case, t)
            assert words in every and (words in unbalanced) == (not t.balanced), words
    assert "3 of 12 issue triads not balanced in the strict sense" in unbalanced
    change = views.changes_view(case).text
    assert "Before the vote, then the vote to Kirkuk: every triad was balanced before the vote" in change
    assert "The vote to Kirkuk, then after Kirkuk\n- Kurdistan Regional Government (KRG) and United States: resolved:" in change
    assert "<strong>" in views.changes_view(case) and "<li>" in views.changes_view(case)


def test_the_change_view_says_what_became_of_each_unbalanced_triad(second):
    """On the fictional case: a triad resolved by a relation that changed sign, then one not observed."""
    from casekit import views

    more = (_relation("t1", "valdoria", "norvania", "cooperation", "2031-02-10")
            + _relation("t2", "norvania", "eastmark", "cooperation", "2031-02-10")
            + _relation("t3", "valdoria", "eastmark", "conflict", "2031-02-10")
            + _relation("t4", "valdoria", "eastmark", "conflict", "2031-03-14"))
    _edit(second, "relations:\n", "relations:\n" + more)
    case = load_case(second)
    assert "The triad is unbalanced: Norvania is friendly with both" in views.triads_view(case).text
    assert "1 of 1 triad not balanced in the strict sense" in views.triads_view(case, unbalanced=True).text
    text = views.changes_view(case).text
    assert ": resolved: Eastmark Regional Council – Norvania turned friendly to hostile" in text
    _edit(second, _relation("t4", "valdoria", "eastmark", "conflict", "2031-03-14"), "")
    text = views.changes_view(load_case(second)).text
    assert ": not observed (a relation is not stated in the next period): " in text


def test_relations_of_one_period(case):
    from casekit import views

    for p in case.periods:
        table = views.relations_table(case, p.id)
        assert table.text.startswith(f"Relations between actors, {p.label}")
        assert table.count("<tr>") == 1 + len(case.relations_in(p.id))
    assert views.relations_table(case).count("<tr>") == 1 + len(case.relations)
