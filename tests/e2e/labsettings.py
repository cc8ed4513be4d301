"""Settings the test servers' JupyterLab starts with."""
from __future__ import annotations

from pathlib import Path


def quiet_news(settings_dir: Path) -> None:
    """JupyterLab asks in a toast whether to fetch Jupyter's news, at a moment of its choosing: a toast that
    can cover what a test clicks. Answer it in the test server's own settings (No, and no update check)."""
    target = settings_dir / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text('{"fetchNews": "false", "checkForUpdates": false}', encoding="utf-8")
