"""Settings for every pytest run, including nbval over the notebooks."""
import os
import tempfile


def pytest_configure(config):
    """Notebooks run under test save answers in a scratch folder, never in the repository."""
    os.environ.setdefault("CASEKIT_ANSWERS_DIR", tempfile.mkdtemp(prefix="casekit-answers-"))
