"""How the Jupyter servers that serve the course treat kernels: idle ones are shut down.

Every page of the student view (Voila) starts a kernel. Voila's own request to shut it down when the
page is left (a beacon sent on ``beforeunload``) is refused when the browser has no ``_xsrf`` cookie
(a student who opens a Voila link directly never visited a page that sets one), and a closed laptop
sends nothing at all. Without culling, every reload leaves a kernel of 60-120 MB behind until the
server stops: on a small Binder or hub server a class that reloads runs out of memory.

So the servers cull: a kernel that has had no page connected and no activity for
``CULL_IDLE_TIMEOUT`` seconds is shut down (checked every ``CULL_INTERVAL`` seconds). A page that is
open keeps its kernel, however long the student reads (``cull_connected`` is off); a busy kernel is
never culled. A student whose kernel was culled (a laptop that slept) opens the page again and
presses Start with the same name: the answers are saved on every check.

The same settings are written, for servers casekit does not start, in the repository's
``.jupyter/jupyter_server_config.json`` (Binder runs the server in the repository's folder, which is
its home: that is its user configuration) and ``voila.json`` (the standalone ``voila`` command); a
test keeps them equal to ``kernel_culling()``.
"""
from __future__ import annotations

CULL_IDLE_TIMEOUT = 600  # seconds without a connected page and without activity
CULL_INTERVAL = 60  # seconds between two checks


def kernel_culling(timeout: int = CULL_IDLE_TIMEOUT, interval: int = CULL_INTERVAL) -> dict:
    """The Jupyter server configuration (as a config dict) that shuts idle kernels down."""
    if timeout <= 0 or interval <= 0:
        raise ValueError(f"the cull timeout and interval must be positive seconds, not {timeout} and {interval}")
    return {"MappingKernelManager": {"cull_idle_timeout": int(timeout), "cull_interval": int(interval),
                                     "cull_connected": False, "cull_busy": False}}


def server_arguments(timeout: int = CULL_IDLE_TIMEOUT, interval: int = CULL_INTERVAL) -> list[str]:
    """The same settings as command-line options for ``jupyter lab`` or ``voila``."""
    out = []
    for section, values in kernel_culling(timeout, interval).items():
        for name, value in values.items():
            out.append(f"--{section}.{name}={value}")
    return out


def config_lines(timeout: int = CULL_IDLE_TIMEOUT, interval: int = CULL_INTERVAL) -> str:
    """The settings as lines of a ``jupyter_server_config.py`` (for a hub's user image)."""
    lines = [f"c.{section}.{name} = {value!r}" for section, values in kernel_culling(timeout, interval).items()
             for name, value in values.items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # python -m casekit.serverconfig: the lines for a hub's server configuration
    print(config_lines(), end="")
