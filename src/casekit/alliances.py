"""The signed network of relations between actors, per period, and the balance of its triads.

A relation is a dated, directed interaction typed on two axes (verbal or material; cooperation or
conflict: the quad classes of event-data coding such as CAMEO). Its valence gives a pair its sign:
+1 (cooperation), -1 (conflict), or 0 when the sources show both in the same span of time
("mixed"). Only relations the evidence shows explicitly make structure; a remark in passing is
drawn lighter and left out of the triads.

Balance (Heider 1946; Cartwright and Harary 1956): a triad of three signed pairs is balanced when
the product of its signs is positive: all three friendly, or two friends with a common enemy. The
triad with one hostile pair between two friends of a third is unbalanced. The all-hostile triad is
unbalanced in that strict sense, but it is clusterable (Davis 1967): the three can stand in three
camps, so under this weaker notion of balance only the triad with exactly one hostile pair is
unbalanced.

Issue triads put the issue itself (the case's event) in the place of the third actor, as in
Heider's person-other-object triad: two actors, their relation, and each one's attitude to the
issue (+1 for, -1 against, from its stance).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from .model import Case, Relation, date_key

SIGN_OF_KEY = {"cooperates": 1, "confronts": -1, "mixed": 0}
ATTITUDE = {"support": 1, "oppose": -1}  # a stance's sign toward the issue; other positions have none
ISSUE = "issue"  # the issue's place in an issue triad


def counts(r: Relation) -> bool:
    """Whether a relation makes structure: only what the evidence shows explicitly does."""
    return r.strength == "explicit"


def case_signs(case: Case, period: Optional[str] = None, passing: bool = False) -> dict[frozenset, int]:
    """The casefile's sign for every pair a relation speaks to, in one period (by id) or over the
    whole case; relations in passing only when asked for."""
    out: dict[frozenset, set] = {}
    for r in case.relations_in(period):
        if passing or counts(r):
            out.setdefault(r.pair, set()).add(r.sign)
    return {pair: (next(iter(s)) if len(s) == 1 else 0) for pair, s in out.items()}


def signs_from_answers(answers: Mapping[tuple[str, str], str]) -> dict[frozenset, int]:
    """Signs from a student's choices per pair (cooperates / confronts / mixed / none)."""
    return {frozenset(pair): SIGN_OF_KEY[v] for pair, v in answers.items() if v in SIGN_OF_KEY}


# --- triads of actors ------------------------------------------------------------------------

# what a student may say of a triad: its pattern, which is its verdict under both notions of balance
VERDICTS = (
    ("all-friendly", "balanced: all three friendly"),
    ("common-enemy", "balanced: two friends with a common enemy"),
    ("one-hostile", "unbalanced: one actor is friendly with two actors hostile to each other"),
    ("all-hostile", "all three hostile: unbalanced in the strict sense, but clusterable (weakly balanced)"),
)
VERDICT_LABELS = dict(VERDICTS)
# the verdicts of earlier releases: still marked (right when the strict verdict is right)
OLD_VERDICTS = ("balanced", "unbalanced")


@dataclass(frozen=True)
class Triad:
    actors: tuple[str, str, str]
    signs: tuple[int, int, int]  # signs of (a,b), (a,c), (b,c)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        a, b, c = self.actors
        return ((a, b), (a, c), (b, c))

    @property
    def hostile(self) -> int:
        return sum(1 for s in self.signs if s < 0)

    @property
    def balanced(self) -> bool:
        """Balanced in the strict sense (Cartwright and Harary): the product of the signs is positive."""
        return self.signs[0] * self.signs[1] * self.signs[2] > 0

    @property
    def clusterable(self) -> bool:
        """Balanced in the weak sense (Davis): not exactly one hostile pair."""
        return self.hostile != 1

    @property
    def pattern(self) -> str:
        return ("all-friendly", "one-hostile", "common-enemy", "all-hostile")[self.hostile]

    @property
    def pivot(self) -> str:
        """In a triad with one hostile pair: the actor friendly with both of the hostile pair (the
        one cross-pressured); with two: the common enemy; otherwise ""."""
        if self.hostile == 1:
            return next(x for x in self.actors if all(x in p for p, s in zip(self.pairs, self.signs) if s > 0))
        if self.hostile == 2:
            return next(x for x in self.actors if all(x in p for p, s in zip(self.pairs, self.signs) if s < 0))
        return ""

    def key(self) -> str:
        return "--".join(self.actors)


def verdict_key(t: Triad) -> str:
    """The right verdict on a triad: its pattern, and for a triad with one or two hostile pairs the
    actor it turns on (the one friendly with two adversaries; the common enemy)."""
    return t.pattern + (f":{t.pivot}" if t.pivot else "")


def verdict_choices(case: Case, t: Triad) -> list[tuple[str, str]]:
    """What a student may say of a triad: its pattern, and for the patterns that turn on one actor,
    which actor (value, label)."""
    out = [("all-friendly", VERDICT_LABELS["all-friendly"])]
    for x in t.actors:
        y, z = (case.actor(v).name for v in t.actors if v != x)
        out.append((f"common-enemy:{x}", f"balanced: {case.actor(x).name} is the common enemy of {y} and {z}, "
                                         "who are friends"))
    for x in t.actors:
        y, z = (case.actor(v).name for v in t.actors if v != x)
        out.append((f"one-hostile:{x}", f"unbalanced: {case.actor(x).name} is friendly with both {y} and {z}, "
                                        "who are hostile to each other"))
    out.append(("all-hostile", VERDICT_LABELS["all-hostile"]))
    return out


def verdict_right(t: Triad, answer: str) -> bool:
    """Whether a verdict on a triad is right: its pattern and the actor it turns on, or (in records
    of earlier releases) the strict verdict balanced / unbalanced."""
    if answer in OLD_VERDICTS:
        return ("balanced" if t.balanced else "unbalanced") == answer
    return answer == verdict_key(t)


def triads(signs: Mapping[frozenset, int]) -> list[Triad]:
    """Every triangle of the signed network whose three pairs all have a definite sign, in order of
    its actors. (Plain Python: a case's network has tens of actors, and a lesson then need not
    import a graph library.)"""
    sign: dict[tuple[str, str], int] = {}
    near: dict[str, set[str]] = {}
    for pair, s in signs.items():
        if s != 0 and len(pair) == 2:
            a, b = sorted(pair)
            sign[(a, b)] = s
            near.setdefault(a, set()).add(b)
            near.setdefault(b, set()).add(a)
    out = []
    for a in sorted(near):
        later = sorted(x for x in near[a] if x > a)
        for i, b in enumerate(later):
            for c in later[i + 1:]:
                if (b, c) in sign:
                    out.append(Triad((a, b, c), (sign[(a, b)], sign[(a, c)], sign[(b, c)])))
    return out


WORD = {1: "friendly", -1: "hostile"}


def describe_triad(case: Case, t: Triad) -> str:
    a, b, c = (case.actor(x).name for x in t.actors)
    lines = f"{a} – {b}: {WORD[t.signs[0]]}; {a} – {c}: {WORD[t.signs[1]]}; {b} – {c}: {WORD[t.signs[2]]}."
    if t.pattern == "all-friendly":
        why = "The triad is balanced: all three are friendly."
    elif t.pattern == "common-enemy":
        why = (f"The triad is balanced: {case.actor(t.pivot).name} is the common enemy of two friends "
               "(the product of the signs is positive).")
    elif t.pattern == "one-hostile":
        x, y = (case.actor(v).name for v in t.actors if v != t.pivot)
        why = (f"The triad is unbalanced: {case.actor(t.pivot).name} is friendly with both {x} and {y}, who "
               f"are hostile to each other. It would be balanced if any one pair changed sign: if {x} and "
               f"{y} came to terms, or if {case.actor(t.pivot).name} broke with one of them.")
    else:
        why = ("All three are hostile: unbalanced in the strict sense (the product of the signs is negative), "
               "but clusterable: the three can stand in three separate camps (weak balance).")
    return f"{lines} {why}"


SIGN_CHARS = {1: "+", -1: "-"}


def balance_id(t: Triad) -> str:
    """The question id of a balance verdict: the triad and the signs the student saw."""
    return f"balance/{t.key()}/{''.join(SIGN_CHARS[s] for s in t.signs)}"


def parse_balance_id(qid: str) -> Optional[Triad]:
    """The triad a balance question id names, or None if the id is malformed."""
    parts = qid.split("/")
    if len(parts) != 3 or parts[0] != "balance":
        return None
    actors = tuple(parts[1].split("--"))
    if len(actors) != 3 or len(set(actors)) != 3 or len(parts[2]) != 3 or set(parts[2]) - {"+", "-"}:
        return None
    return Triad(actors, tuple(1 if c == "+" else -1 for c in parts[2]))  # type: ignore[arg-type]


# --- the issue as the third node ---------------------------------------------------------------


def attitudes(case: Case, period: Optional[str] = None) -> dict[str, int]:
    """Each actor's attitude to the issue (+1 for, -1 against) as of a period's end (its latest
    stance dated by then), or as of its latest stance; actors whose position is mixed, conditional
    or unclear have none."""
    end = case.period(period).end if period else ""
    latest: dict[str, tuple] = {}
    for s in case.stances:
        if end and date_key(s.date) > date_key(end):
            continue
        if s.actor not in latest or date_key(s.date) >= date_key(latest[s.actor][0]):
            latest[s.actor] = (s.date, s.position)
    return {a: ATTITUDE[pos] for a, (_, pos) in latest.items() if pos in ATTITUDE}


@dataclass(frozen=True)
class IssueTriad:
    """Two actors, their relation, and each one's attitude to the issue (Heider's p-o-x triad)."""

    actors: tuple[str, str]
    relation: int  # the sign of the actors' relation
    attitude: tuple[int, int]  # each actor's attitude to the issue
    passing: bool = False  # the actors' relation rests only on remarks in passing

    @property
    def signs(self) -> tuple[int, int, int]:
        return (self.relation, *self.attitude)

    @property
    def balanced(self) -> bool:
        return self.relation * self.attitude[0] * self.attitude[1] > 0

    @property
    def clusterable(self) -> bool:
        return sum(1 for s in self.signs if s < 0) != 1

    @property
    def pattern(self) -> str:
        return ("all-friendly", "one-hostile", "common-enemy", "all-hostile")[sum(1 for s in self.signs if s < 0)]

    def key(self) -> str:
        return "--".join(self.actors)


def issue_triads(case: Case, period: Optional[str] = None, passing: bool = False) -> list[IssueTriad]:
    """The issue triads of a period (or of the whole case): every related pair whose two actors
    both have an attitude to the issue (relations in passing only when asked for)."""
    att = attitudes(case, period)
    out = []
    strong = case_signs(case, period)
    for pair, s in sorted(case_signs(case, period, passing).items(), key=lambda kv: sorted(kv[0])):
        a, b = sorted(pair)
        if s != 0 and a in att and b in att:
            out.append(IssueTriad((a, b), s, (att[a], att[b]), pair not in strong))
    return out


def describe_issue_triad(case: Case, t: IssueTriad) -> str:
    a, b = (case.actor(x).name for x in t.actors)
    word = {1: "for", -1: "against"}
    event = case.event_name
    head = (f"{a} – {b}: {WORD[t.relation]}; {a} {word[t.attitude[0]]} {event}; "
            f"{b} {word[t.attitude[1]]} {event}.")
    if t.balanced and t.relation > 0:
        why = f"Balanced: friends who agree on {event}."
    elif t.balanced:
        why = f"Balanced: adversaries who disagree on {event}."
    elif t.pattern == "all-hostile":
        why = (f"Adversaries who both oppose {event}: unbalanced in the strict sense (it expects two actors "
               "who share an attitude to be friends), but clusterable (weakly balanced): agreeing on one issue "
               "does not require them to be friends.")
    else:
        why = (f"Unbalanced: friends who disagree on {event}. Balance would be restored if one changed its "
               f"attitude to {event}, or if their relation cooled.")
    weak = " The relation rests only on a remark in passing." if t.passing else ""
    return f"{head} {why}{weak}"


# --- from one period to the next ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What became of a triad that was not balanced in one period, in the next."""

    triad: object  # a Triad or an IssueTriad of the earlier period
    outcome: str  # "resolved", "persists" or "not-stated"
    how: str  # in words: which edge or attitude changed, or which relation is not stated
    by: str = ""  # for a resolved triad: "relation" (a relation changed sign), "attitude", or "both"


def _pair_word(case: Case, pair: tuple[str, str]) -> str:
    return f"{case.actor(pair[0]).name} – {case.actor(pair[1]).name}"


def _latest_stance(case: Case, actor: str, period: str) -> str:
    """The summary of an actor's latest stance dated by a period's end, with its date."""
    end = case.period(period).end
    mine = [s for s in case.stances if s.actor == actor and (not end or date_key(s.date) <= date_key(end))]
    if not mine:
        return "no stance is recorded"
    s = max(mine, key=lambda s: date_key(s.date))
    return f"its position as of {s.date}: {s.position}. {s.summary}"


def changes(case: Case, before: str, after: str) -> list[Change]:
    """For every triad of period `before` that is not balanced in the strict sense (actor triads
    and issue triads), what it became in period `after`: resolved (and how), persisting, or not
    observed because a relation is not stated then."""
    out: list[Change] = []
    signs_after = case_signs(case, after)
    for t in triads(case_signs(case, before)):
        if t.balanced:
            continue
        now = [signs_after.get(frozenset(p), 0) for p in t.pairs]
        if 0 in now:
            missing = [p for p, s in zip(t.pairs, now) if s == 0]
            out.append(Change(t, "not-stated", "no relation (or a mixed one) is stated in the next period between "
                              + " and between ".join(_pair_word(case, p) for p in missing)))
            continue
        flipped = [p for p, s0, s1 in zip(t.pairs, t.signs, now) if s0 != s1]
        later = Triad(t.actors, tuple(now))  # type: ignore[arg-type]
        if later.balanced:
            out.append(Change(t, "resolved", "; ".join(
                f"{_pair_word(case, p)} turned {WORD[-s]} to {WORD[s]}" for p, s in
                ((p, s1) for p, s1 in zip(t.pairs, now) if p in flipped)), "relation"))
        else:
            out.append(Change(t, "persists", "the three relations are as before" if not flipped else
                              "the signs changed but the triad is still unbalanced"))
    att_before, att_after = attitudes(case, before), attitudes(case, after)
    for t in issue_triads(case, before):
        if t.balanced:
            continue
        a, b = t.actors
        moved = [x for x in t.actors if att_after.get(x) != att_before.get(x)]
        rel = signs_after.get(frozenset(t.actors), 0)
        if moved:
            how = "; ".join(f"the attitude of {case.actor(x).name} to {case.event_name} changed: "
                            f"{_latest_stance(case, x, after)}" for x in moved)
            if rel and rel != t.relation:  # the relation changed sign too
                how += f"; and {_pair_word(case, t.actors)} turned {WORD[t.relation]} to {WORD[rel]}"
            out.append(Change(t, "resolved", how, "both" if rel and rel != t.relation else "attitude"))
        elif rel == 0:
            out.append(Change(t, "not-stated", f"no relation (or a mixed one) is stated in the next period between "
                              f"{_pair_word(case, t.actors)}"))
        elif rel != t.relation:
            out.append(Change(t, "resolved", f"{_pair_word(case, t.actors)} turned {WORD[t.relation]} to {WORD[rel]}",
                              "relation"))
        else:
            out.append(Change(t, "persists", "the relation and both attitudes are as before"))
    return out
