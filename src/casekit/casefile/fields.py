"""Field checks against records: each YAML mapping is checked against its record's declared fields
(``schema.fields_of``), each mistake reported with its line; ``build`` then makes the model record,
copying every field the casefile declares."""
from __future__ import annotations

import dataclasses
import datetime as _dt
import difflib
import re
from typing import Any, Union

from ..model import YAML
from ..schema import BOOL, LIST, MAP, SLUG_PATTERN, STR, TEXT_LIST, Field, fields_of
from ..schema import describe as _describe
from ..schema import is_kind as _is_kind
from .problems import Problem, _show
from .yaml_lines import _plain

SLUG = re.compile(SLUG_PATTERN)


class _Record:
    """Checks the fields of one YAML mapping against its declaration and reports each mistake.

    ``ok`` is false when a field is missing or has the wrong kind of value (the record cannot be
    built) or when a later check calls ``error``.
    """

    def __init__(self, data: Any, record: Union[type, dict[str, Field]], where: str, line: int,
                 label: str, problems: list[Problem]):
        spec = fields_of(record)
        self.where, self.problems, self.label, self.spec = where, problems, label, spec
        self.ok = True
        if not isinstance(data, dict):
            self._add(line, label, f"expected a mapping of fields, got {_describe(data)}")
            self.data, self.lines, self.line = {}, {}, line
            self.ok = False
            return
        self.data = data
        self.line = getattr(data, "line", line)
        self.lines = getattr(data, "lines", {})
        for key in data:
            if key not in spec:
                retired = getattr(record, "_retired", {}).get(key) if isinstance(record, type) else None
                hint = difflib.get_close_matches(key, list(spec), n=1)
                more = f"; did you mean '{hint[0]}'?" if hint else f"; known fields: {', '.join(spec)}"
                self._add(self.lines.get(key, self.line), f"{label}.{key}",
                          f"a field of old, {retired}" if retired else f"unknown field{more}")
        for key, f in spec.items():
            if key not in data:
                if f.required:
                    self._add(self.line, f"{label}.{key}", "missing required field")
                    self.ok = False
                continue
            value = data[key]
            if not _is_kind(value, f.kind):
                self._add(self.line_of(key), f"{label}.{key}", f"expected {f.kind}, got {_describe(value)}")
                self.ok = False

    def _add(self, line: int, field: str, message: str) -> None:
        self.problems.append(Problem(self.where, line, field, message))

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)

    def get(self, key: str, default: Any = None) -> Any:
        value = self.data.get(key, default)
        return default if value is None and default is not None else value

    def text(self, key: str) -> str:
        """An optional text field, "" when absent."""
        return self.data.get(key) or ""

    def error(self, key: str, message: str) -> None:
        self._add(self.line_of(key), f"{self.label}.{key}", message)
        self.ok = False

    def choice(self, key: str) -> None:
        """The value is one of the field's declared choices."""
        allowed = self.spec[key].choices
        value = self.get(key)
        if value is not None and value not in allowed:
            self.error(key, f"{_show(value)} is not one of: {', '.join(allowed)}")

    def date(self, key: str) -> None:
        """The value is YYYY-MM-DD (a real day) or YYYY-MM."""
        value = self.get(key)
        if value is not None and not _iso_date(value, allow_month=True):
            self.error(key, f"{_show(value)} is not an ISO date (YYYY-MM-DD, or YYYY-MM where only the month is known)")


def _iso_date(value: str, allow_month: bool = False) -> bool:
    if not isinstance(value, str):
        return False
    if allow_month and re.fullmatch(r"\d{4}-\d{2}", value):
        return 1 <= int(value[5:]) <= 12
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return False
    try:
        _dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# --- making a model record from a checked mapping -------------------------------------------

_PLANS: dict[type, tuple] = {}


def _plan(cls: type) -> tuple:
    """(name, kind, has a default, copied) for each casefile field of a model record. A field of
    nested records (a list or mapping of them) or one the YAML gives as another type is not
    copied: the loader builds it and gives it to ``build``."""
    if cls not in _PLANS:
        spec = fields_of(cls)
        out = []
        for f in dataclasses.fields(cls):
            if f.name in spec:
                has_default = f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
                copied = not spec[f.name].items and not f.metadata[YAML]["yaml_type"]
                out.append((f.name, spec[f.name].kind, has_default, copied))
        _PLANS[cls] = tuple(out)
    return _PLANS[cls]


def build(cls: type, rec: _Record, **given: Any) -> Any:
    """The model record ``cls`` made from a checked mapping: every casefile field is copied from
    it (a field it leaves out takes its default, or "" for optional text with none), and the
    fields the loader works out are ``given``. A list becomes a tuple; YAML's own mappings and
    lists inside a value become plain ones."""
    values = dict(given)
    for name, kind, has_default, copied in _plan(cls):
        if name in values:
            continue
        if not copied:
            raise TypeError(f"{cls.__name__}.{name} is made by the loader (records, or a value converted from "
                            f"the YAML): give it to build()")
        value = rec.data.get(name)
        if value is None:
            if has_default:
                continue
            value = "" if kind == STR else None
        elif kind in (TEXT_LIST, LIST):
            value = tuple(_plain(value))
        elif kind == MAP:
            value = _plain(value)
        elif kind == BOOL:
            value = bool(value)
        values[name] = value
    return cls(**values)
