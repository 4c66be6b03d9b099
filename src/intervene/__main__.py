"""Run the command line: `python -m intervene`, and the `intervene` console script.

Ctrl-C before the command group is running (while Python imports it) ends the run as it
does later (see group): one line and status 130, never a traceback.

When a command has finished, the process leaves at once (see _leave): Python's own teardown
of the modules a run loaded costs a fifth of a short read, and by then everything that must
happen has happened (the answer is written, any write committed).
"""

import sys


def main() -> None:
    try:
        from intervene.cli import cli

        cli.main(prog_name="intervene")
    except KeyboardInterrupt:
        from intervene.errors import INTERRUPTED, interrupted_line

        sys.stderr.write(interrupted_line())
        sys.exit(INTERRUPTED)
    except SystemExit as done:
        _leave(done)


def _leave(done: SystemExit) -> None:
    """End the process with `done`'s status without Python's teardown, once standard output
    and error are flushed. Where something still expects the teardown (a handler registered
    to run at exit, a thread still running) or a flush fails, the exit is left to Python."""
    import atexit
    import os

    threading = sys.modules.get("threading")
    waiting = getattr(atexit, "_ncallbacks", lambda: 1)()
    if waiting or (threading is not None and threading.active_count() > 1):
        raise done
    code = done.code
    try:
        if code is not None and not isinstance(code, int):
            sys.stderr.write(f"{code}\n")
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        raise done from None
    os._exit(code if isinstance(code, int) else 0 if code is None else 1)


if __name__ == "__main__":
    main()
