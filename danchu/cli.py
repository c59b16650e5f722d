"""The `danchu` console script: Django's management commands plus the project's own."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.config.settings.base")
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "danchu"
    # Django command names cannot contain a hyphen; the documented spelling is `danchu verify-log`.
    if len(argv) > 1 and argv[1] == "verify-log":
        argv[1] = "verify_log"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
