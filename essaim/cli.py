"""The `essaim` command: the project's one entry point for batch and operations work.

Every subcommand is a Django management command (`essaim status --json`, `essaim migrate`,
`essaim load_territories`…), so the same code serves the CLI, the Makefile and the tests.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essaim.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["essaim", *(sys.argv[1:] if argv is None else argv)])
