"""`danchu restore ARCHIVE`: an archive of `danchu backup` into an empty database and data dir.

    danchu restore x.tar.gz            refuses a target with tables, uploaded files or other key files
    danchu restore x.tar.gz --force    replaces them (the database's public schema is dropped first)
    danchu restore x.tar.gz --check    only verifies the archive (every sha256) and says what it holds

Every file is checked against the manifest before anything is written; after the restore every table's
checksum is recomputed and compared with the one taken at backup time. Then `danchu migrate` (a backup
of an older version) and `danchu verify-log`.
"""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from danchu.ops import backup


class Command(BaseCommand):
    help = ("Khôi phục một bản sao lưu vào cơ sở dữ liệu và thư mục dữ liệu trống. "
            "Restore a backup into an empty database and data directory.")
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive", help="tệp do danchu backup tạo / an archive made by danchu backup")
        parser.add_argument("--database", default="default", help="bí danh cơ sở dữ liệu / database alias")
        parser.add_argument("--force", action="store_true",
                            help="ghi đè nơi đã có dữ liệu / overwrite a target that is not empty")
        parser.add_argument("--check", action="store_true", help="chỉ kiểm tra tệp / only verify the archive")
        parser.add_argument("--no-verify", action="store_true",
                            help="không so tổng kiểm của từng bảng sau khi khôi phục / skip the tables' checksums")

    def handle(self, *args, archive, database, force, check, no_verify, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}. (No such file: {path}.)")
        try:
            if check:
                with tempfile.TemporaryDirectory(prefix=".danchu-check-", dir=settings.DATA_DIR) as tmp:
                    manifest = backup.read_archive(path, Path(tmp))
                for line in backup.describe(manifest):
                    self.stdout.write(line)
                self.stdout.write(f"Hợp lệ / OK: {len(manifest['files'])} tệp khớp sha256 / files match their sha256")
                return
            result = backup.restore_backup(path, using=database, force=force, verify=not no_verify)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        for line in backup.describe(result.manifest):
            self.stdout.write(line)
        for vi, en in result.notes:
            self.stdout.write(f"[cảnh báo / warning] {vi} / {en}")
        checked = (f"{result.tables_checked} bảng khớp tổng kiểm / tables match their checksums"
                   if result.tables_checked else "không so bảng / tables not compared")
        self.stdout.write(f"Đã khôi phục / restored: {checked}; {result.media_files} tệp / files; "
                          f"khóa / keys: {', '.join(result.keys_written) or '—'}. "
                          "Tiếp theo / next: danchu migrate, danchu verify-log")
