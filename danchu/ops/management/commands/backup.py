"""`danchu backup DEST`: the database, uploaded files and key files in one archive with a manifest.

    danchu backup /var/backups/danchu/            a dated archive in that directory
    danchu backup /var/backups/danchu/ --keep 14  ... and only the 14 newest kept (cron, nightly)
    danchu backup x.tar.gz                        that file (x.tar: not compressed)
    danchu backup DEST --no-keys                  the keys are kept elsewhere (they are secrets)

PostgreSQL is dumped with pg_dump (custom format) from DANCHU_BACKUP_DATABASE_URL when set — PostgreSQL
itself, not PgBouncer — else from DATABASE_URL; SQLite is copied with its online backup API. The archive
is written with mode 0600: it holds the keys. What each key is for: danchu/ops/backup.py, docs/deploy.md.
"""

from django.core.management.base import BaseCommand, CommandError

from danchu.ops import backup


class Command(BaseCommand):
    help = ("Sao lưu cơ sở dữ liệu, tệp tải lên và các khóa vào một tệp lưu trữ. "
            "Back up the database, uploaded files and keys into one archive.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("dest", help="tệp .tar.gz / .tar, hoặc thư mục (tệp có ngày giờ) / file or directory")
        parser.add_argument("--database", default="default", help="bí danh cơ sở dữ liệu / database alias")
        parser.add_argument("--no-keys", action="store_true", help="không gồm các tệp khóa / leave the key files out")
        parser.add_argument("--no-media", action="store_true", help="không gồm tệp tải lên / leave uploads out")
        parser.add_argument("--keep", type=int, default=None,
                            help="chỉ giữ N bản mới nhất trong thư mục / keep only the N newest archives there")

    def handle(self, *args, dest, database, no_keys, no_media, keep, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep phải ≥ 1 (--keep must be at least 1)")
        try:
            result = backup.create_backup(dest, using=database, include_keys=not no_keys,
                                          include_media=not no_media, keep=keep)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for vi, en in result.notes:
            self.stdout.write(f"[lưu ý / note] {vi} / {en}")
        for line in backup.describe(result.manifest):
            self.stdout.write(line)
        self.stdout.write(f"Đã sao lưu / backed up: {result.path}")
