"""Run the command line: `python -m intervene`, and the `intervene` console script.

Ctrl-C before the command group is running (while Python imports it) ends the run as it
does later (see group): one line and status 130, never a traceback.
"""

import sys


def main() -> None:
    try:
        from intervene.cli import cli

        cli(prog_name="intervene")
    except KeyboardInterrupt:
        from intervene.errors import INTERRUPTED, interrupted_line

        sys.stderr.write(interrupted_line())
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
