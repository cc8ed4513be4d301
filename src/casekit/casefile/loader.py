"""The loader: one pass over a casefile folder (case.yaml, sources/*.md, annotations/*.yaml) that
checks every record and every reference across the case, collects every problem, and builds the
``Case``. The plain fields of each record are copied by ``fields.build``; what is written here is
what needs the whole case: references, verbatim spans, dates, the network layout."""
from __future__ import annotations

import dataclasses
import difflib
import os
import re
from pathlib import Path
from typing import Any, Iterator, Optional

from ..model import (
    CONFIDENCE_GRADES,
    GENRES,
    OUTLET_GENRES,
    PRESENTATIONS,
    inside_marks,
    quoted_spans,
    Actor,
    BackgroundSentence,
    Case,
    Event,
    Evidence,
    Frame,
    GlossaryTerm,
    Group,
    Norm,
    Note,
    Outlet,
    Period,
    Person,
    Quote,
    Relation,
    ReportingChain,
    Source,
    Stance,
    Term,
    NORMS,
    date_key,
    related_actors,
)
from ..schema import ANNOTATION, BCP47, EVENT_EVIDENCE, EXERCISE, QUESTION, SPAN, TEXT_LIST
from ..schema import describe as _describe
from ..schema import is_kind as _is_kind
from . import safe_files
from .fields import SLUG, _Record, _iso_date, build
from .passages import locate
from .problems import CasefileError, Problem, _clean, _rel, _show
from .safe_files import _entries, _not_regular, _read_text
from .sources import read_source
from .yaml_lines import _load_yaml, _plain


# words of a working note that student-facing text must not carry: file names, a researcher's
# asides and voice, markdown emphasis
_WORKING_NOTE = re.compile(r"\b\w+\.(?:md|yaml|py)\b|\bFACTS\b|\bCHECK\b|\bNOTES\b|\bresearch(?:er|ers)?'?s?\b(?! (?:and|Center|Centre|Institute|Council))"
                           r"|\bour (?:reading|check)\b|\bCareful:|\*\*|\bI (?:could|did|found|think)\b|\bround ?[0-9]\b")
_QUOTED = re.compile(r"“([^“”]+)”")


class _Loader:
    """One pass over a casefile folder; collects problems, builds records."""

    def __init__(self, folder: Path, read_layout: bool = True):
        self.folder = folder
        self.read_layout = read_layout  # False: a stored layout is ignored (to compute it again)
        self.problems: list[Problem] = []
        self.sources: dict[str, Source] = {}
        self.seen_ids: dict[tuple[str, str], tuple[str, int]] = {}
        self.events: dict[str, Event] = {}
        # ids declared by records that have their own mistakes: references to them are not
        # reported again, so one mistake gives one message
        self.declared: dict[str, set[str]] = {}
        self.meta_lines: dict[str, dict] = {}  # source id -> line of each front-matter field
        self.renders: list[tuple[Quote, str, int]] = []  # quotes with renders:, checked once all are read
        # an annotation file that could not be read at all: its quotes are unknown, so references
        # to unknown quotes are not reported (the file is named once)
        self.unreadable_annotations = False
        self.broken_annotation_sources: set[str] = set()
        self.sources_unreadable = False
        self.annotations_unreadable = False  # the annotations folder is a link, or missing
        # sources some quote record annotates, read or not: a quote dropped for a reported mistake
        # (its speaker's, its own) leaves its source annotated, not "with no annotated quote"
        self.annotated_sources: set[str] = set()
        # actors named by a relation that was dropped for a reported mistake: the layout does not
        # call them "in no relation"
        self.dropped_relation_actors: set[str] = set()

    # helpers
    def _items(self, data: Any, key: str, where: str, record: Any, label: str) -> Iterator[_Record]:
        """Yield a checked _Record for every entry of the list data[key] (nothing if it is no list:
        the record holding it has reported that)."""
        items = data.get(key) if isinstance(data, dict) else None
        if not isinstance(items, list):
            return
        item_lines = getattr(items, "lines", [getattr(data, "line", 1)] * len(items))
        for i, item in enumerate(items):
            has_id = isinstance(item, dict) and isinstance(item.get("id"), str) and item["id"].strip()
            rec = _Record(item, record, where, item_lines[i], f"{label}[{item['id'] if has_id else i}]", self.problems)
            if has_id:
                self.declared.setdefault(label, set()).add(item["id"])
                self._check_id(rec, label)
            yield rec

    def _check_id(self, rec: _Record, kind: str) -> None:
        ident = rec.get("id")
        if not SLUG.match(ident):
            rec.error("id", f"id {_show(ident)} is not a slug (lower-case letters, digits and '-')")
            return
        key = (kind, ident)
        if key in self.seen_ids:
            f, line = self.seen_ids[key]
            rec.error("id", f"duplicate id {ident!r} (first used at {f}:{line})")
        else:
            self.seen_ids[key] = (rec.where, rec.line_of("id"))

    def _is_declared(self, value: Any) -> bool:
        return isinstance(value, str) and any(value in ids for ids in self.declared.values())

    def _ref(self, rec: _Record, key: str, known: dict, what: str) -> bool:
        value = rec.get(key)
        if value is None or value in known:
            return True
        if self._is_declared(value) or (known is self.sources and self.sources_unreadable):
            rec.ok = False  # the referenced record (or the folder of sources) is broken and already reported
            return False
        hint = difflib.get_close_matches(str(value), [str(k) for k in known], n=1)
        more = f"; did you mean '{hint[0]}'?" if hint else ""
        rec.error(key, f"unknown {what} {_show(value)}{more}")
        return False

    def _unknown_quote(self, value: str) -> bool:
        """A quote id that is neither loaded nor explained by another reported mistake."""
        return not self._is_declared(value) and not self.unreadable_annotations

    # the pass
    def load(self) -> Case:
        folder = self.folder
        case_path = folder / "case.yaml"
        if not folder.is_dir():
            raise CasefileError([Problem(_rel(folder), 0, "path", "no such casefile folder")])
        if not os.path.lexists(case_path):
            raise CasefileError([Problem(_rel(case_path), 0, "case.yaml", "missing: a casefile folder needs case.yaml")])
        self._read_sources()
        where = _rel(case_path)
        text = _read_text(case_path, self.problems, limit=safe_files.MAX_YAML_BYTES)
        data = _load_yaml(text, where, self.problems) if text is not None else None
        if data is None:
            if not self.problems:
                self.problems.append(Problem(where, 1, "case.yaml", "the file is empty"))
            raise CasefileError(self.problems)
        top = _Record(data, Case, where, 1, "case", self.problems)
        if not isinstance(data, dict):
            raise CasefileError(self.problems)
        # everything refers to actors, people and events: without their lists, stop at that mistake
        if any(not isinstance(data.get(key, []), list) for key in ("actors", "people", "events")) \
                or "actors" not in data or "people" not in data:
            raise CasefileError(self.problems)

        actor_records = [r for r in self._items(data, "actors", where, Actor, "actors") if r.ok]
        actors = [self._actor(r) for r in actor_records]
        actor_ids = {a.id: a for a in actors}
        self._check_members(actor_records, actor_ids)
        people = self._people(data, where, actor_ids)
        person_ids = {p.id: p for p in people}
        speakers = {**actor_ids, **person_ids}
        for pid in sorted(set(person_ids) & set(actor_ids)):
            self.problems.append(Problem(where, 1, "people", f"id {pid!r} names both a person and an actor"))

        quotes = self._annotations(speakers, person_ids)
        quote_ids = {q.id: q for q in quotes}
        self.quote_dates = {q.id: q.date for q in quotes}
        events = self._events(data, where, actor_ids, person_ids)
        self.events = {e.id: e for e in events}
        stances = self._stances(data, where, actor_ids, quote_ids)
        relations = self._relations(data, where, actor_ids, quote_ids)
        norms = self._norms(data, where, actor_ids, quote_ids)
        periods = self._periods(data, where, relations)
        terms = self._terms(data, where, quote_ids)
        notes = self._notes(data, where, person_ids)
        questions = [dict(r.data) for r in self._items(data, "open_questions", where, QUESTION, "open_questions")
                     if r.ok]
        core = top.text("core_source") if isinstance(top.get("core_source"), str) else ""
        if core and core not in self.sources and not self._is_declared(core) and not self.sources_unreadable:
            top.error("core_source", f"unknown source {core!r}")
        chain = tuple(top.get("reporting_chain") or ()) if _is_kind(top.get("reporting_chain"), TEXT_LIST) else ()
        chains = self._chains(data, where, chain)
        frames = self._frames(data, where)
        groups = self._groups(data, where, actor_ids)
        exercises = self._exercises(top, actor_ids, relations)
        layout = self._layout(top, actor_ids, relations) if self.read_layout else ()
        self._check_translations(quotes)
        outlets, glossary, background = self._context_files()
        for source_id in sorted(self.sources) if not self.annotations_unreadable else ():
            if source_id in self.broken_annotation_sources or source_id in self.annotated_sources:
                continue
            if not any(q.source == source_id for q in quotes):
                self.problems.append(Problem(self.sources[source_id].path, 1, "annotations",
                                             f"source {source_id!r} has no annotated quote"))
        if self.problems:
            raise CasefileError(self.problems)
        return build(
            Case, top, path=str(folder), sources=tuple(self.sources[k] for k in sorted(self.sources)),
            actors=tuple(actors), people=tuple(people), quotes=tuple(quotes), stances=tuple(stances),
            relations=tuple(relations), norms=tuple(norms), periods=tuple(periods), events=tuple(sorted(events, key=lambda e: date_key(e.date))),
            terms=tuple(terms), notes=tuple(notes), core_source=core,
            reporting_chain=chain or (chains[0].steps if chains else ()), open_questions=tuple(questions),
            reporting_chains=tuple(chains), exercises=exercises, frames=tuple(frames), groups=tuple(groups),
            layout=layout, outlets=outlets, glossary=glossary, background=background,
        )

    # --- context for students: outlets.yaml, glossary.yaml, background.yaml (each optional) ---

    def _list_file(self, name: str) -> tuple[Optional[list], str]:
        """The list a context file holds (None when the casefile has no such file, or it is broken:
        then the problem is reported) and the file's name as problems give it."""
        path = self.folder / name
        where = _rel(path)
        if not os.path.lexists(path):
            return None, where
        text = _read_text(path, self.problems, limit=safe_files.MAX_YAML_BYTES)
        data = _load_yaml(text, where, self.problems) if text is not None else None
        if data is None:
            return None, where
        if not isinstance(data, list):
            self.problems.append(Problem(where, getattr(data, "line", 1), name,
                                         f"expected a list of entries, got {_describe(data)}"))
            return None, where
        return data, where

    def _student_text(self, rec: _Record, keys: tuple[str, ...]) -> None:
        """Text a student view shows: no working notes (file names, a researcher's asides, markdown
        emphasis) and balanced curly quotation marks, so every quotation visibly ends."""
        for key in keys:
            values = rec.get(key)
            for value in (values if isinstance(values, (list, tuple)) else [values]):
                if not isinstance(value, str):
                    continue
                found = _WORKING_NOTE.search(value)
                if found:
                    rec.error(key, f"{_show(found.group(0))} is a working note, not text for students "
                                   f"(put it in editor_note, or attribute it)")
                elif value.count("“") != value.count("”"):
                    rec.error(key, f"unbalanced quotation marks: {value.count('“')} “ and {value.count('”')} ”")

    def _source_ids(self, rec: _Record, key: str) -> list[str]:
        out = []
        for value in rec.get(key) or ():
            if value in self.sources:
                out.append(value)
            elif not self._is_declared(value) and not self.sources_unreadable:
                hint = difflib.get_close_matches(str(value), list(self.sources), n=1)
                rec.error(key, f"unknown source {_show(value)}" + (f"; did you mean '{hint[0]}'?" if hint else ""))
        return out

    def _context_files(self) -> tuple[tuple, tuple, tuple]:
        outlets: list[Outlet] = []
        data, where = self._list_file("outlets.yaml")
        holder = {"outlets": data} if data is not None else {}
        covered: dict[str, str] = {}
        for r in self._items(holder, "outlets", where, Outlet, "outlets"):
            if not r.ok:
                continue
            r.choice("confidence")
            self._student_text(r, ("name", "section", "owner", "affiliation", "also", "grade_note", "sources"))
            if r.get("confidence") != "none" and not r.get("sources"):
                r.error("sources", f"a profile graded {r.get('confidence')} names its sources")
            for source_id in self._source_ids(r, "covers"):
                if covered.get(source_id) == r.get("id"):
                    r.error("covers", f"source {source_id!r} is listed twice")
                covered[source_id] = r.get("id")
            if r.ok:
                outlets.append(build(Outlet, r))
        terms: list[GlossaryTerm] = []
        data, where = self._list_file("glossary.yaml")
        holder = {"glossary": data} if data is not None else {}
        for r in self._items(holder, "glossary", where, GlossaryTerm, "glossary"):
            if not r.ok:
                continue
            r.choice("confidence")
            self._student_text(r, ("term", "expansion", "definition", "grade_note", "sources"))
            if not r.get("sources"):
                r.error("sources", "a definition names its sources")
            if r.ok:
                terms.append(build(GlossaryTerm, r))
        sentences: list[BackgroundSentence] = []
        data, where = self._list_file("background.yaml")
        holder = {"background": data} if data is not None else {}
        for r in self._items(holder, "background", where, BackgroundSentence, "background"):
            if not r.ok:
                continue
            self._student_text(r, ("text",))
            ids = self._source_ids(r, "sources")
            if not r.get("sources"):
                r.error("sources", "every sentence of the background names the sources that state it")
            if not isinstance(r.get("paragraph", 1), int) or r.get("paragraph", 1) < 1:
                r.error("paragraph", "a paragraph number is 1 or more")
            for quoted in _QUOTED.findall(r.get("text") or ""):
                if ids and not any(quoted in self.sources[i].text for i in ids):
                    r.error("text", f"“{quoted}” is not verbatim in its sources ({', '.join(ids)})")
            if r.ok:
                sentences.append(build(BackgroundSentence, r))
        return tuple(outlets), tuple(terms), tuple(sentences)

    def _read_sources(self) -> None:
        folder = self.folder / "sources"
        if not folder.is_dir() or folder.is_symlink():
            self.sources_unreadable = True  # the folder is reported; the sources it would hold are not
            if folder.is_symlink():
                self.problems.append(_not_regular(folder, os.lstat(folder).st_mode))
            else:
                self.problems.append(Problem(_rel(folder), 0, "sources", "missing folder of source texts"))
            return
        refused: list[Path] = []
        paths = _entries(folder, ".md", self.problems, refused)
        self.declared.setdefault("sources", set()).update(p.stem for p in refused)
        for path in paths:
            self.declared.setdefault("sources", set()).add(path.stem)
            self.meta_lines[path.stem] = {}
            source = read_source(path, self.problems, self.meta_lines[path.stem])
            if source is not None:
                if source.id in self.sources:
                    self.problems.append(Problem(_rel(path), 2, "id", f"duplicate source id {source.id!r}"))
                self.sources[source.id] = source

    def _actor(self, r: _Record) -> Actor:
        return build(Actor, r)

    def _check_members(self, records: list[_Record], actor_ids: dict) -> None:
        """A joint actor's members are other actors of the case, each named once."""
        for r in records:
            members = r.get("members") or []
            for i, value in enumerate(members):
                if value == r.get("id"):
                    r.error("members", f"{_show(value)} names the joint actor itself; list the actors it speaks for")
                elif value in members[:i]:
                    r.error("members", f"{_show(value)} is listed twice")
                elif value not in actor_ids and not self._is_declared(value):
                    hint = difflib.get_close_matches(str(value), list(actor_ids), n=1)
                    r.error("members", f"unknown actor {_show(value)}" + (f"; did you mean '{hint[0]}'?" if hint else ""))

    def _people(self, data: Any, where: str, actor_ids: dict) -> list[Person]:
        people = []
        for r in self._items(data, "people", where, Person, "people"):
            if r.ok and self._ref(r, "actor", actor_ids, "actor"):
                people.append(build(Person, r))
        return people

    def _events(self, data: Any, where: str, actor_ids: dict, person_ids: dict) -> list[Event]:
        events = []
        for r in self._items(data, "events", where, Event, "events"):
            if not r.ok:
                continue
            r.date("date")
            r.choice("status")
            if not r.get("source") and not r.get("citation"):
                r.error("source", "an event needs a source id or a citation (the fact sheet's row and its source)")
            if r.get("source"):
                self._ref(r, "source", self.sources, "source")
            for key, known, what in (("actors", actor_ids, "actor"), ("people", person_ids, "person")):
                for value in r.get(key) or []:
                    if value not in known and not self._is_declared(value):
                        r.error(key, f"unknown {what} {value!r}")
            if r.ok and r.get("status") == "verified":
                citation = str(r.get("citation") or "")
                cited = [r.get("source")] if r.get("source") else [
                    sid for sid, src in self.sources.items()
                    if re.search(rf"(?<![\w-]){re.escape(sid)}(?![\w-])", citation)
                    or (src.url and re.sub(r"^https?://(www\.)?", "", src.url).rstrip("/") in citation)]
                # a fact-sheet row may rest on several outlets' copies of a text graded C for its wording:
                # through a citation, only text the research notes call unverified counts against it
                doubts = [d for sid in cited for d in [self._source_doubt(sid)]
                          if d == "unverified" or (d and not r.get("citation"))]
                doubts += [""] * (len(cited) - len(doubts))
                if cited and all(doubts):
                    r.error("status", f"'verified' rests on unverified text alone ({'; '.join(cited)}: {doubts[0]}); "
                                      "give the status unverified, or cite a verified source")
            if r.ok:
                events.append(build(Event, r))
        return events

    def _source_doubt(self, source_id: str) -> str:
        """Why a source's text may not carry a claim alone ("" when it may): unverified, or graded C."""
        source = self.sources.get(source_id)
        if source is None:
            return ""
        if source.unverified:
            return "unverified"
        return "graded C" if source.confidence == "C" else ""

    def _check_trust(self, r: _Record, evidence: tuple[Evidence, ...], quote_ids: dict, what: str) -> None:
        """A stance or relation whose every piece of evidence is unverified text says so (unverified: why)."""
        if not evidence or r.get("unverified") or len(evidence) < len(r.get("evidence") or []):
            return  # (evidence that could not be read is reported already)
        doubts = []
        for ev in evidence:
            if ev.event:
                doubts.append("an unverified event" if self.events[ev.event].status == "unverified" else "")
            elif ev.quote and quote_ids[ev.quote].unverified:
                doubts.append(f"{ev.quote}: unverified passage")
            else:
                doubt = self._source_doubt(ev.source)
                doubts.append(f"{ev.quote or ev.source}: {doubt}" if doubt else "")
        if all(doubts):
            r.error("evidence", f"the {what} rests on unverified text alone ({'; '.join(doubts)}); add evidence "
                                f"from a verified source, or mark it with unverified: why")

    def _stances(self, data: Any, where: str, actor_ids: dict, quote_ids: dict) -> list[Stance]:
        stances = []
        for r in self._items(data, "stances", where, Stance, "stances"):
            if not r.ok:
                continue
            self._ref(r, "actor", actor_ids, "actor")
            r.choice("position")
            r.date("date")
            members = actor_ids.get(r.get("actor"))
            if members is not None and members.members:
                r.error("actor", f"{_show(r.get('actor'))} is a joint statement, not an actor with a position of its "
                                 f"own: cite its words as evidence of its members' stances "
                                 f"({', '.join(members.members)})")
            evidence = self._evidence(r, quote_ids)
            self._check_trust(r, evidence, quote_ids, "stance")
            self._first_dated(r, evidence)
            if r.ok:
                stances.append(build(Stance, r, evidence=evidence))
        return stances

    def _evidence_date(self, ev: Evidence) -> str:
        """The date a piece of evidence carries: a quote's or an event's ("" when it has none)."""
        if ev.quote:
            return self.quote_dates.get(ev.quote) or ""
        if ev.event:
            return self.events[ev.event].date
        return ""  # a span of a source: its publication date is not when the words were said

    def _first_dated(self, r: _Record, evidence: tuple[Evidence, ...]) -> None:
        """A position is dated by its first dated evidence."""
        if not r.ok or not evidence:
            return
        dated = sorted((self._evidence_date(ev), ev.quote or ev.event or ev.source) for ev in evidence
                       if self._evidence_date(ev))
        if not dated:
            return
        first = min(dated, key=lambda d: date_key(d[0]))
        if r.get("date") != first[0]:
            r.error("date", f"{_show(r.get('date'))} is not the date of its first dated evidence: "
                            f"{first[1]!r} is of {first[0]}")

    def _norms(self, data: Any, where: str, actor_ids: dict, quote_ids: dict) -> list[Norm]:
        norms = []
        for r in self._items(data, "norms", where, Norm, "norms"):
            if not r.ok:
                continue
            self._ref(r, "actor", actor_ids, "actor")
            self._ref(r, "about", actor_ids, "actor")
            stated = r.get("norms") or []
            if not stated:
                r.error("norms", "name at least one norm")
            for value in stated:
                if value not in NORMS:
                    r.error("norms", f"{_show(value)} is not one of: {', '.join(NORMS)}")
            r.date("date")
            evidence = self._evidence(r, quote_ids)
            self._first_dated(r, evidence)
            if r.ok:
                norms.append(build(Norm, r, evidence=evidence))
        return norms

    def _periods(self, data: Any, where: str, relations: list) -> list[Period]:
        """Periods: full dates, in order, none overlapping; every relation falls wholly in one."""
        periods: list[Period] = []
        records = [r for r in self._items(data, "periods", where, Period, "periods") if r.ok]
        for r in records:
            for key in ("start", "end"):
                if r.get(key) is not None and not _iso_date(r.get(key)):
                    r.error(key, f"{_show(r.get(key))} is not a day (YYYY-MM-DD): a period starts and ends on a day")
            if r.ok and r.get("end") and r.get("end") < r.get("start"):
                r.error("end", f"{r.get('end')} is before the period's start, {r.get('start')}")
            if r.ok and periods:
                before = periods[-1]
                if not before.end:
                    r.error("start", f"period {before.id!r} before it has no end: only the last period may be "
                                     "open-ended")
                elif r.get("start") <= before.end:
                    r.error("start", f"{r.get('start')} overlaps period {before.id!r} (to {before.end}), or comes "
                                     "before it: periods are listed in order and do not overlap")
            if r.ok:
                periods.append(build(Period, r))
        if periods and len(periods) == len(records):
            lines = getattr(data.get("relations"), "lines", []) if isinstance(data, dict) else []
            items = data.get("relations") or []
            for i, rel in enumerate(relations):
                if not any(p.holds(rel.date) for p in periods):
                    item = next((x for x in items if isinstance(x, dict) and x.get("id") == rel.id), None)
                    line = getattr(item, "lines", {}).get("date", getattr(item, "line", 0)) if item is not None else 0
                    self.problems.append(Problem(where, line or (lines[i] if i < len(lines) else 0),
                                                 f"relations.{rel.id}.date",
                                                 f"{rel.date} falls in no one period ("
                                                 + "; ".join(p.label for p in periods) + ")"))
        return periods

    def _relations(self, data: Any, where: str, actor_ids: dict, quote_ids: dict) -> list[Relation]:
        relations = []
        for r in self._items(data, "relations", where, Relation, "relations"):
            if not r.ok:
                self._dropped_relation(r)
                continue
            self._ref(r, "actor", actor_ids, "actor")
            self._ref(r, "other", actor_ids, "actor")
            if r.get("actor") == r.get("other"):
                r.error("other", "a relation needs two different actors")
            for key in ("mode", "valence", "strength", "intensity"):
                r.choice(key)
            r.date("date")
            evidence = self._evidence(r, quote_ids)
            self._check_trust(r, evidence, quote_ids, "relation")
            if r.ok:
                relations.append(build(Relation, r, evidence=evidence))
            else:
                self._dropped_relation(r)
        return relations

    def _dropped_relation(self, r: _Record) -> None:
        if isinstance(r.data, dict):
            self.dropped_relation_actors.update(r.data.get(k) for k in ("actor", "other")
                                                if isinstance(r.data.get(k), str))

    def _terms(self, data: Any, where: str, quote_ids: dict) -> list[Term]:
        terms = []
        for r in self._items(data, "terms", where, Term, "terms"):
            if not r.ok:
                continue
            if r.get("quote") not in quote_ids and not self._unknown_quote(r.get("quote")):
                continue
            if self._ref(r, "quote", quote_ids, "quote"):
                if r.get("text") not in quote_ids[r.get("quote")].text:
                    r.error("text", f"{r.get('text')!r} does not occur in quote {r.get('quote')!r}")
                    continue
                terms.append(build(Term, r))
        return terms

    def _notes(self, data: Any, where: str, person_ids: dict) -> list[Note]:
        notes = []
        for r in self._items(data, "notes", where, Note, "notes"):
            if r.ok and self._ref(r, "source", self.sources, "source"):
                if r.get("title_of"):
                    if not r.get("span"):
                        r.error("title_of", "a note on a title needs the span that gives the title")
                        continue
                    if not self._ref(r, "title_of", person_ids, "person"):
                        continue
                if r.get("span"):
                    start, why = locate(self.sources[r.get("source")], r.get("span"), r.get("occurrence"))
                    if start is None:
                        r.error("span", why)
                        continue
                notes.append(build(Note, r))
        return notes

    def _chains(self, data: Any, where: str, chain: tuple[str, ...]) -> list[ReportingChain]:
        chains = []
        if chain:
            chains.append(ReportingChain(id="reporting-chain", title="The reporting chain", steps=chain))
        for r in self._items(data, "reporting_chains", where, ReportingChain, "reporting_chains"):
            if r.ok and not r.get("steps"):
                r.error("steps", "a reporting chain needs at least one step, and every step must be text")
            if r.ok:
                chains.append(build(ReportingChain, r))
        return chains

    def _frames(self, data: Any, where: str) -> list[Frame]:
        return [build(Frame, r) for r in self._items(data, "frames", where, Frame, "frames") if r.ok]

    def _groups(self, data: Any, where: str, actor_ids: dict) -> list[Group]:
        """Groups of actors: each names known actors, and an actor is in one group at most."""
        groups, placed = [], {}
        for r in self._items(data, "groups", where, Group, "groups"):
            if not r.ok:
                continue
            if not r.get("actors"):
                r.error("actors", "a group needs at least one actor")
            for value in r.get("actors"):
                if value not in actor_ids and not self._is_declared(value):
                    hint = difflib.get_close_matches(str(value), list(actor_ids), n=1)
                    r.error("actors", f"unknown actor {_show(value)}" + (f"; did you mean '{hint[0]}'?" if hint else ""))
                elif value in placed:
                    r.error("actors", f"actor {_show(value)} is already in group {placed[value]!r}; "
                                      f"an actor is in one group at most")
                else:
                    placed[value] = r.get("id")
            if r.ok:
                groups.append(build(Group, r))
        return groups

    def _layout(self, top: _Record, actor_ids: dict, relations: list) -> tuple:
        """The stored network layout: a place in [-1, 1] x [-1, 1] for exactly the actors in a relation."""
        raw = top.get("layout")
        if not isinstance(raw, dict):
            return ()
        lines = getattr(raw, "lines", {})
        needed = related_actors(relations)
        fix = f"run `casekit layout {self.folder.name} --write` to write it again"
        out, ok = [], True
        for actor, place in raw.items():
            line = lines.get(actor, top.line_of("layout"))
            if actor not in actor_ids and not self._is_declared(actor):
                hint = difflib.get_close_matches(str(actor), list(actor_ids), n=1)
                self.problems.append(Problem(top.where, line, "layout", f"unknown actor {_show(actor)}"
                                             + (f"; did you mean '{hint[0]}'?" if hint else "")))
                ok = False
            elif actor not in actor_ids or actor in self.dropped_relation_actors:
                ok = False  # the actor, or a relation of it, has a mistake of its own, reported there
            elif actor not in needed:
                self.problems.append(Problem(top.where, line, "layout", f"actor {_show(actor)} is in no relation, "
                                             f"so the network does not show it; remove it or {fix}"))
                ok = False
            elif not (isinstance(place, list) and len(place) == 2
                      and all(isinstance(v, (int, float)) and not isinstance(v, bool) and -1 <= v <= 1 for v in place)):
                self.problems.append(Problem(top.where, line, "layout", f"actor {_show(actor)}: expected [x, y], two "
                                             f"numbers from -1 to 1, got {_describe(place)}"))
                ok = False
            else:
                out.append((str(actor), float(place[0]), float(place[1])))
        missing = [a for a in needed if a not in raw]
        if missing:
            self.problems.append(Problem(top.where, top.line_of("layout"), "layout",
                                         f"no place for {', '.join(map(repr, missing))} (in a relation); {fix}"))
            ok = False
        return tuple(out) if ok else ()

    def _exercises(self, top: _Record, actor_ids: dict, relations: list) -> dict:
        """The exercises mapping: what each exercise reads (sources, pairs) and asks (selection)."""
        raw = top.get("exercises")
        if not isinstance(raw, dict):
            return {}
        out = {}
        for name, spec in raw.items():
            rec = _Record(spec, EXERCISE, top.where, getattr(raw, "lines", {}).get(name, top.line),
                          f"exercises.{name}", self.problems)
            if not rec.ok:
                continue
            for source_id in rec.get("sources") or []:
                if source_id not in self.sources and not self._is_declared(source_id) and not self.sources_unreadable:
                    rec.error("sources", f"unknown source {_show(source_id)}")
            for pair in rec.get("no_relation_pairs") or []:
                if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(a, str) for a in pair)):
                    rec.error("no_relation_pairs", f"expected a pair of two actor ids, [first, second], got {_describe(pair)}")
                    continue
                for a in pair:
                    if a not in actor_ids and not self._is_declared(a):
                        rec.error("no_relation_pairs", f"unknown actor {_show(a)}")
                stated = [rel for rel in relations if {rel.actor, rel.other} == set(pair)]
                if stated:
                    rec.error("no_relation_pairs", f"[{pair[0]}, {pair[1]}] is listed as a pair with no stated relation, "
                                                   f"but relation {stated[0].id!r} states one between them; remove the "
                                                   "pair, or the relation")
            for session, ids in (rec.get("sessions") or {}).items():
                if not _is_kind(ids, TEXT_LIST):
                    rec.error("sessions", f"session {_show(session)}: expected a list of question ids")
            if rec.get("marked") is not None and rec.get("marked") < 1:
                rec.error("marked", "must be 1 or more")
            if rec.ok:
                out[str(name)] = _plain(spec)
        return out

    def _check_translations(self, quotes: list[Quote]) -> None:
        """translation_of names a source of the case and goes with translated_by; renders names a
        quote of that original."""
        for sid, source in list(self.sources.items()):
            if (source.translation_of and source.original_note and source.translation_of not in self.sources
                    and not self._is_declared(source.translation_of)):
                # "an-id (… not stored)": an original the casefile does not hold, named by the id it would have
                source = dataclasses.replace(source, translation_of="",
                                             original_note=f"{source.translation_of} ({source.original_note})")
                self.sources[sid] = source
        for source in self.sources.values():
            where = source.path
            lines = self.meta_lines.get(source.id, {})
            line = lines.get("translation_of", lines.get("translated_by", 1))
            if not source.translation_of and source.original_note:
                if not source.translated_by:
                    self.problems.append(Problem(where, line, "front matter.translated_by",
                                                 "a source with translation_of must say who published the "
                                                 "rendering (translated_by)"))
            elif source.translation_of:
                if source.translation_of == source.id:
                    self.problems.append(Problem(where, line, "front matter.translation_of",
                                                 "a source cannot be a translation of itself"))
                elif source.translation_of not in self.sources and not self._is_declared(source.translation_of):
                    hint = difflib.get_close_matches(source.translation_of, list(self.sources), n=1)
                    more = f"; did you mean '{hint[0]}'?" if hint else ""
                    self.problems.append(Problem(where, line, "front matter.translation_of",
                                                 f"unknown source {source.translation_of!r}{more}"))
                if not source.translated_by:
                    self.problems.append(Problem(where, line, "front matter.translated_by",
                                                 "a source with translation_of must say who published the "
                                                 "rendering (translated_by)"))
            elif source.translated_by:
                self.problems.append(Problem(where, line, "front matter.translation_of",
                                             "translated_by is given, but not the original this source renders "
                                             "(translation_of)"))
        by_id = {q.id: q for q in quotes}
        for q, where, line in self.renders:
            label = f"quotes[{q.id}].renders"
            original = self.sources[q.source].translation_of
            if original and original not in self.sources:
                continue  # the unknown original is reported on the source
            if not original and self.sources[q.source].original_note:
                self.problems.append(Problem(where, line, label, f"source {q.source!r} renders an original the "
                                             "casefile does not hold, so its quotes cannot render a quote"))
                continue
            if not original:
                self.problems.append(Problem(where, line, label, f"source {q.source!r} has no translation_of, "
                                             "so its quotes cannot render another source's quote"))
                continue
            target = by_id.get(q.renders)
            if target is None:
                if self._unknown_quote(q.renders):
                    hint = difflib.get_close_matches(q.renders, [k for k, v in by_id.items() if v.source == original], n=1)
                    more = f"; did you mean '{hint[0]}'?" if hint else ""
                    self.problems.append(Problem(where, line, label, f"unknown quote {q.renders!r}{more}"))
                continue
            if target.source != original:
                self.problems.append(Problem(where, line, label, f"quote {q.renders!r} is in source {target.source!r}, "
                                             f"not in {original!r}, the original this source renders"))

    def _broken_annotation(self, path: Path, data: Any) -> None:
        """An annotation file that could not be read, parsed or used: it is named once, and not
        again wherever its quotes are cited or where its source is said to have no quote."""
        self.broken_annotation_sources.add(path.stem)
        quotes = data.get("quotes") if isinstance(data, dict) else None
        if isinstance(data, dict) and isinstance(data.get("source"), str):
            self.broken_annotation_sources.add(data["source"])
        if not isinstance(quotes, list):  # its quotes cannot be known: no quote is called unknown
            self.unreadable_annotations = True
            return
        for item in quotes:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                self.declared.setdefault("quotes", set()).add(item["id"])
            else:
                self.unreadable_annotations = True

    def _annotations(self, speakers: dict, person_ids: dict) -> list[Quote]:
        quotes: list[Quote] = []
        folder = self.folder / "annotations"
        if folder.is_symlink() or (self.sources and not os.path.lexists(folder)):
            # the folder is reported once; no quote of it is called unknown, no source unannotated
            self.problems.append(_not_regular(folder, os.lstat(folder).st_mode) if folder.is_symlink() else
                                 Problem(_rel(folder), 0, "annotations", "missing folder of annotations (one "
                                                                         "<source id>.yaml per source)"))
            self.unreadable_annotations = self.annotations_unreadable = True
            return quotes
        refused: list[Path] = []
        paths = _entries(folder, ".yaml", self.problems, refused)
        for path in refused:
            self._broken_annotation(path, None)
        for path in paths:
            where = _clean(_rel(path))
            before = len(self.problems)
            text = _read_text(path, self.problems, limit=safe_files.MAX_YAML_BYTES)
            data = _load_yaml(text, where, self.problems) if text is not None else None
            if data is None:
                if len(self.problems) == before:  # an empty file (or one holding only comments)
                    self.problems.append(Problem(where, 1, "annotations", "the file is empty: an annotation "
                                                 "file names its source and lists its quotes"))
                self._broken_annotation(path, None)
                continue
            top = _Record(data, ANNOTATION, where, 1, "annotations", self.problems)
            if top.ok and self.sources_unreadable and top.get("source") not in self.sources:
                top.ok = False  # its source could not be read: reported once, on the folder
            if not top.ok or not self._ref(top, "source", self.sources, "source"):
                self._broken_annotation(path, data)
                continue
            quotes += self._annotation_quotes(top, data, where, speakers, person_ids)
        return quotes

    def _annotation_quotes(self, top: _Record, data: Any, where: str, speakers: dict,
                           person_ids: dict) -> list[Quote]:
        source = self.sources[top.get("source")]
        confidence, doubt, lang = top.text("confidence"), top.text("doubt").strip(), top.text("lang")
        top.choice("confidence")
        if confidence == "C" and not doubt:
            top._add(top.line_of("confidence"), "annotations.doubt",
                     "a source graded C needs a doubt: what students must know about it")
            top.ok = False
        if doubt and not confidence:
            top.error("confidence", f"a doubt is given but no confidence grade ({', '.join(CONFIDENCE_GRADES)})")
        if lang and not BCP47.match(lang):
            top.error("lang", f"{lang!r} is not a BCP 47 language code (for example ar, fa, fr, pt-BR)")
        source = dataclasses.replace(source, confidence=confidence, doubt=doubt, lang=lang,
                                     fragments=top.get("fragments") is True)
        marker = top.get("analysis_from")
        if marker:
            if marker not in source.text:
                top.error("analysis_from", f"{marker!r} does not occur in source {source.id!r}")
            else:
                source = dataclasses.replace(source, analysis_marker=marker)
        self.sources[source.id] = source
        quotes = []
        for r in self._items(data, "quotes", where, Quote, "quotes"):
            self.annotated_sources.add(source.id)
            if not r.ok:
                continue
            quote = self._quote(r, source, speakers, person_ids)
            if quote is not None and r.ok:
                quotes.append(quote)
                if quote.renders:
                    self.renders.append((quote, where, r.line_of("renders")))
        return quotes

    def _quote(self, r: _Record, source: Source, speakers: dict, person_ids: dict) -> Optional[Quote]:
        self._ref(r, "speaker", speakers, "speaker (person or actor)")
        r.choice("presentation")
        r.choice("genre")
        for value in r.get("mentions") or []:
            if value not in speakers and not self._is_declared(value):
                r.error("mentions", f"unknown person or actor {value!r}")
        if r.get("issued_by"):
            self._ref(r, "issued_by", person_ids, "person")
        if r.get("date") is None:
            if not r.get("date_note"):
                r.error("date", "no date: give one, or say why in date_note")
        else:
            r.date("date")
        headline = bool(r.get("headline", False))
        if headline:
            start = -1
            if r.get("occurrence") is not None:
                r.error("occurrence", "a headline quote is looked up in the title; occurrence does not apply")
            if r.get("text") not in source.title:
                r.error("text", f"not found verbatim in the title of source {source.id!r} "
                                f"(headline: true); the title is {source.title!r}")
                return None
        else:
            start, why = locate(source, r.get("text"), r.get("occurrence"))
            if start is None:
                r.error("text", why)
                return None
        cue = r.get("cue")
        if cue is not None and headline:
            if cue not in source.title:
                r.error("cue", f"{cue!r} is not in the title of the source (headline: true)")
                return None
        elif cue is not None:
            p_start, p_end = source.paragraph_span(start)
            if cue not in source.text[p_start:p_end]:
                found = "found elsewhere in the source" if cue in source.text else "not in the source at all"
                r.error("cue", f"{cue!r} is not in the quote's paragraph ({found})")
                return None
        if not self._presentation_fits(r, source, start, headline):
            return None
        return build(Quote, r, source=source.id, start=start, in_analysis=start >= source.analysis_start,
                     disputed=r.text("disputed").strip(), headline=headline, fragment=source.fragments,
                     unverified=r.text("unverified").strip())

    def _presentation_fits(self, r: _Record, source: Source, start: int, headline: bool) -> bool:
        """The presentation is what the text shows: direct only inside quotation marks (or in a source of
        quoted fragments stored without their marks), mixed only around a quoted fragment."""
        presentation, text = r.get("presentation"), r.get("text")
        if presentation not in PRESENTATIONS or headline:
            return True  # a bad choice is reported already; a headline's marks are the casefile's title's
        p_start, _ = source.paragraph_span(start)
        enclosed = inside_marks(source.text, p_start, start)
        inner = [x for x in quoted_spans(text) if x.strip()]
        why = ""
        if presentation == "direct" and not enclosed and not source.fragments:
            why = ("no quotation marks enclose the words in the source (a source of quoted fragments stored "
                   "without their marks says so with fragments: true)")
        elif presentation != "direct" and enclosed:
            why = "the words stand inside quotation marks: their presentation is direct"
        elif presentation == "mixed" and not inner:
            why = "mixed means the outlet's words around a quoted fragment, but no fragment in the words is quoted"
        elif presentation == "indirect" and inner:
            why = "a quoted fragment stands in the words: their presentation is mixed"
        genre = r.get("genre")
        if not why and genre in OUTLET_GENRES and presentation == "direct":
            why = (f"words in quotation marks are the speaker's, so their genre is the occasion's (statement or "
                   f"speech), not {genre!r}, the outlet's own")
        elif not why and genre in GENRES and genre not in OUTLET_GENRES and presentation in ("indirect", "mixed"):
            why = (f"words reported in the outlet's own sentence are its {GENRES['report_of_speech']} "
                   f"(genre report_of_speech), not {genre!r}")
        if why:
            r.error("presentation", f"{presentation!r}: {why}")
            return False
        return True

    def _evidence(self, r: _Record, quote_ids: dict) -> tuple[Evidence, ...]:
        out = []
        items = r.get("evidence") or []
        if not items:
            r.error("evidence", "at least one piece of evidence is needed")
        item_lines = getattr(items, "lines", [])
        for i, item in enumerate(items):
            if isinstance(item, str):
                if item not in quote_ids and not self._unknown_quote(item):
                    r.ok = False
                    continue
                if item not in quote_ids:
                    hint = difflib.get_close_matches(item, list(quote_ids), n=1)
                    more = f"; did you mean '{hint[0]}'?" if hint else ""
                    r.error("evidence", f"unknown quote {item!r}{more}")
                    continue
                q = quote_ids[item]
                out.append(Evidence(source=q.source, text=q.text, start=q.start, quote=q.id))
                continue
            line = getattr(item, "line", item_lines[i] if i < len(item_lines) else r.line_of("evidence"))
            if isinstance(item, dict) and "event" in item:
                ev = _Record(item, EVENT_EVIDENCE, r.where, line, f"{r.label}.evidence[{i}]", self.problems)
                if ev.ok and self._ref(ev, "event", self.events, "event"):
                    e = self.events[ev.get("event")]
                    out.append(Evidence(source=e.cited, text=e.title, start=-1, event=e.id))
                else:
                    r.ok = False
                continue
            span = _Record(item, SPAN, r.where, line, f"{r.label}.evidence[{i}]", self.problems)
            if not span.ok:
                r.ok = False
                continue
            if not self._ref(span, "source", self.sources, "source"):
                r.ok = False
                continue
            start, why = locate(self.sources[span.get("source")], span.get("text"), span.get("occurrence"))
            if start is None:
                span.error("text", why)
                r.ok = False
                continue
            out.append(Evidence(source=span.get("source"), text=span.get("text"), start=start))
        return tuple(out)
