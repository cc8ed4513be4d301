"""casekit: case studies in international politics, from verified casefiles to lessons and exercises.

Heavy modules (matplotlib, networkx, ipywidgets) are imported only when their functions are used, so
``import casekit`` stays light.
"""
from .casefile import CasefileError, Problem, load_case, validate
from .model import Case

__version__ = "0.1.0"
__all__ = ["Case", "CasefileError", "Problem", "load_case", "validate", "__version__"]
