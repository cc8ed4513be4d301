"""YAML with line numbers: mappings and lists that remember the line of each key and item, so
every message can name its line. Aliases are refused, and so is nesting deeper than a casefile needs."""
from __future__ import annotations

from typing import Any

import yaml

from .problems import Problem

MAX_YAML_DEPTH = 60  # nesting deeper than this is refused (a casefile needs five levels)


class YMap(dict):
    """A mapping read from YAML that remembers its own line and the line of each key."""

    line: int = 0
    lines: dict


class YList(list):
    """A sequence read from YAML that remembers its own line and each item's line."""

    line: int = 0
    lines: list


class _AliasFound(Exception):
    """The YAML reuses a node through an alias (*name): refused in a casefile."""


class _TooDeep(Exception):
    """The YAML is nested deeper than any casefile needs."""


def _scalar(node: yaml.ScalarNode) -> Any:
    tag = node.tag.rsplit(":", 1)[-1]
    value = node.value
    if tag == "null":
        return None
    if tag == "bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:  # also a number too long to convert
            return value
    if tag == "float":
        try:
            return float(value)
        except ValueError:
            return value
    return value  # strings, and timestamps kept as written


def _convert(node: yaml.Node, where: str, problems: list[Problem], offset: int, seen: set, depth: int = 0) -> Any:
    if id(node) in seen:
        raise _AliasFound
    seen.add(id(node))
    if depth > MAX_YAML_DEPTH:
        raise _TooDeep(node.start_mark.line + 1 + offset)
    line = node.start_mark.line + 1 + offset
    if isinstance(node, yaml.MappingNode):
        out = YMap()
        out.line, out.lines = line, {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                seen.add(id(key_node))
                key = str(_scalar(key_node))
            else:
                _convert(key_node, where, problems, offset, seen, depth + 1)  # refuses aliases in keys too
                key = f"({'a mapping' if isinstance(key_node, yaml.MappingNode) else 'a list'} as a key)"
            key_line = key_node.start_mark.line + 1 + offset
            if key in out:
                problems.append(Problem(where, key_line, key, f"duplicate key (first given on line {out.lines[key]})"))
                _convert(value_node, where, problems, offset, seen, depth + 1)
                continue
            out[key] = _convert(value_node, where, problems, offset, seen, depth + 1)
            out.lines[key] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        out = YList()
        out.line, out.lines = line, []
        for item in node.value:
            out.append(_convert(item, where, problems, offset, seen, depth + 1))
            out.lines.append(item.start_mark.line + 1 + offset)
        return out
    return _scalar(node)


# libyaml's composer when PyYAML has it (same nodes and line marks, several times faster)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _first_alias_line(text: str) -> tuple[int, str]:
    """Line (0-based) and name of the first alias in text."""
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line, event.anchor or ""
    except yaml.YAMLError:
        pass
    return 0, ""


def _load_yaml(text: str, where: str, problems: list[Problem], first_line: int = 1) -> Any:
    try:
        # libyaml refuses nesting deeper than 1000 levels; _convert refuses more than MAX_YAML_DEPTH
        node = yaml.compose(text, Loader=_LOADER)
    except RecursionError:  # the pure-Python composer, on deep nesting
        problems.append(Problem(where, first_line, "yaml",
                                f"nested more than {MAX_YAML_DEPTH} levels deep; a casefile needs a few"))
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + first_line) if mark is not None else first_line
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None and context_mark is not mark:
            reason += f" ({context} begun on line {context_mark.line + first_line})"
        problems.append(Problem(where, line, "yaml", f"YAML syntax error: {reason}"))
        return None
    if node is None:
        return None
    try:
        return _convert(node, where, problems, first_line - 1, set())
    except _AliasFound:
        line, name = _first_alias_line(text)
        problems.append(Problem(where, line + first_line, "yaml",
                                f"YAML alias (*{name}) refused: a casefile writes every value out "
                                f"(aliases can repeat a value without end)"))
        return None
    except (_TooDeep, RecursionError) as exc:
        line = exc.args[0] if isinstance(exc, _TooDeep) else first_line
        problems.append(Problem(where, line, "yaml",
                                f"nested more than {MAX_YAML_DEPTH} levels deep; a casefile needs a few"))
        return None



def _plain(value: Any) -> Any:
    """YAML data as plain dicts, lists and scalars (for the frozen Case)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
