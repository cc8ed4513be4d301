"""Read a casefile folder (case.yaml, sources/*.md, annotations/*.yaml) into a validated Case.

Every problem is collected and reported at once as ``file:line: field: message``. The fields of
each record are declared once, on the model's records (``model.yaml_field``) or in ``schema.py``;
this package checks values against those declarations and checks every reference across the
case. A casefile may come from untrusted hands: only regular files inside its folder are read (no
symlink is followed, no FIFO opened), YAML aliases are refused, and no input makes the loader
raise anything but CasefileError.

The package's modules, one job each:

- ``problems``: a mistake located by file, line and field (``Problem``, ``CasefileError``)
- ``safe_files``: reading regular files inside the folder, as UTF-8, within size limits
- ``yaml_lines``: YAML whose mappings and lists remember their lines
- ``fields``: checking a mapping's fields against its record; building the model record
- ``sources``: a source file's front matter and verbatim text
- ``passages``: where a span occurs in a source, and the closest passage when it does not
- ``loader``: one pass over a folder, checking every reference across the case
- ``lookup``: finding a casefile by path or id, the cache of loaded cases, validation
"""
from __future__ import annotations

from ..schema import BCP47
from .fields import SLUG, build
from .lookup import find_casefile, load_case, load_case_without_layout, validate
from .passages import (
    CLOSEST_FULL_SCAN_CHARS,
    CLOSEST_MAX_ANCHORS,
    CLOSEST_MAX_NEEDLE,
    CLOSEST_SECONDS,
    closest_passage,
    locate,
)
from .problems import CasefileError, Problem
from .safe_files import MAX_SOURCE_BYTES, MAX_YAML_BYTES
from .sources import PUBLISHED_UNKNOWN, SOURCE_OPTIONAL, SOURCE_REQUIRED, read_source, split_original
from .yaml_lines import MAX_YAML_DEPTH, YList, YMap

# private names that tests and benchmarks reach (the rest live in their modules)
from .loader import _Loader as _Loader
from .passages import _occurrences as _occurrences
from .yaml_lines import _load_yaml as _load_yaml

__all__ = [
    "BCP47", "CLOSEST_FULL_SCAN_CHARS", "CLOSEST_MAX_ANCHORS", "CLOSEST_MAX_NEEDLE", "CLOSEST_SECONDS",
    "MAX_SOURCE_BYTES", "MAX_YAML_BYTES", "MAX_YAML_DEPTH", "PUBLISHED_UNKNOWN", "SLUG", "SOURCE_OPTIONAL",
    "SOURCE_REQUIRED", "CasefileError", "Problem", "YList", "YMap", "build", "closest_passage",
    "find_casefile", "load_case", "load_case_without_layout", "locate", "read_source", "split_original", "validate",
]
