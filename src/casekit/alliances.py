"""The signed network of relations between actors, and structural balance of its triads.

A pair's sign is +1 (cooperation, support), -1 (confrontation, warning) or 0 when the sources show
both ("mixed"). A triad of three signed pairs is balanced when the product of its signs is
positive: the friend of my friend is my friend, the enemy of my enemy is my friend.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Optional

from .model import Case

SIGN_OF_KEY = {"cooperates": 1, "confronts": -1, "mixed": 0}


def case_signs(case: Case) -> dict[frozenset, int]:
    """The casefile's sign for every pair a relation speaks to."""
    out: dict[frozenset, set] = {}
    for r in case.relations:
        out.setdefault(r.pair, set()).add(r.sign)
    return {pair: (next(iter(s)) if len(s) == 1 else 0) for pair, s in out.items()}


def signs_from_answers(answers: Mapping[tuple[str, str], str]) -> dict[frozenset, int]:
    """Signs from a student's choices per pair (cooperates / confronts / mixed / none)."""
    return {frozenset(pair): SIGN_OF_KEY[v] for pair, v in answers.items() if v in SIGN_OF_KEY}


@dataclass(frozen=True)
class Triad:
    actors: tuple[str, str, str]
    signs: tuple[int, int, int]  # signs of (a,b), (a,c), (b,c)

    @property
    def balanced(self) -> bool:
        return self.signs[0] * self.signs[1] * self.signs[2] > 0

    def key(self) -> str:
        return "--".join(self.actors)


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


def describe_triad(case: Case, t: Triad) -> str:
    a, b, c = (case.actor(x).name for x in t.actors)
    word = {1: "friendly", -1: "hostile"}
    state = "balanced" if t.balanced else "unbalanced"
    return (f"{a} – {b}: {word[t.signs[0]]}; {a} – {c}: {word[t.signs[1]]}; {b} – {c}: {word[t.signs[2]]}. "
            f"The triad is {state} (the product of the signs is {'positive' if t.balanced else 'negative'}).")


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
