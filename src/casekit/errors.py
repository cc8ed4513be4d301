"""The one exception for a user's mistake on the command line: the CLI prints it as one line.

Every command module raises it (``casekit.cli`` catches it); none takes it as a parameter.
"""
from __future__ import annotations


class UserError(Exception):
    """A mistake in what the user asked for; the CLI prints it as one line and exits 2."""
