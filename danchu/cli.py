"""The `danchu` console script: Django's management commands plus the project's own."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.config.settings.base")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "danchu"
    # Django command names cannot contain a hyphen; the documented spellings are `danchu verify-log`
    # and `danchu demo-run`.
    if len(argv) > 1 and argv[1] in ("verify-log", "demo-run"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
