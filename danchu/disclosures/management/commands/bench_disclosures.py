"""`danchu bench_disclosures`: the disclosure benchmarks at any size.

    danchu bench_disclosures                                   small (about a minute on SQLite)
    danchu bench_disclosures --commune-size 10000 --total 1000000 --communes 200 --keep
    danchu bench_disclosures --reuse                           measure again on the kept data

Run it on a database made for benchmarking: it writes to the append-only transparency log.
"""

import json
import sys

from django.core.management.base import BaseCommand

from danchu.disclosures import bench


class Command(BaseCommand):
    help = "Đo hiệu năng công khai thông tin / disclosure benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--commune-size", type=int, default=2000)
        parser.add_argument("--total", type=int, default=10000)
        parser.add_argument("--communes", type=int, default=20)
        parser.add_argument("--samples", type=int, default=100)
        parser.add_argument("--keep", action="store_true", help="keep the data (measure again with --reuse)")
        parser.add_argument("--reuse", action="store_true", help="measure the data of an earlier --keep run")
        parser.add_argument("--no-verify", action="store_true", help="skip the verify-log timing")

    def handle(self, *args, **o):
        def progress(done, total):
            if done % 50000 == 0 or done == total:
                sys.stderr.write(f"seeded {done}/{total}\n")

        figures = bench.run(commune_size=o["commune_size"], total=o["total"], communes=o["communes"],
                            samples=o["samples"], keep=o["keep"] or o["reuse"], reuse=o["reuse"],
                            verify=not o["no_verify"], progress=progress)
        self.stdout.write(json.dumps(figures, indent=2, ensure_ascii=False))
