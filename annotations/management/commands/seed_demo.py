"""``manage.py seed_demo --users N --annotations M [--seed S]``: demo readers and annotations."""

from __future__ import annotations

import random
import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from annotations import demo


class Command(BaseCommand):
    help = (
        "Create demo readers reader1..readerN and M annotations by them over the seed "
        "corpus (sentence-shaped highlights, topic tags, comments, replies), reproducibly "
        "for a given --seed. Existing demo readers are reused; annotations are added."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--users", type=int, default=5, metavar="N", help="default: 5")
        parser.add_argument(
            "--annotations", type=int, default=300, metavar="M", help="default: 300"
        )
        parser.add_argument(
            "--seed", type=int, metavar="S", help="random seed (default: a new one, printed)"
        )

    def handle(self, *args, **options) -> None:
        users, count = options["users"], options["annotations"]
        if users < 1:
            raise CommandError("--users must be at least 1.")
        if count < 0:
            raise CommandError("--annotations must not be negative.")
        seed = options["seed"]
        if seed is None:
            seed = random.SystemRandom().randrange(1_000_000)
        started = time.perf_counter()
        # The progress bar is not an error: no red.
        self.stderr.style_func = None
        # disable=None: a bar on a terminal, nothing in logs and pipes.
        with tqdm(
            total=count, unit="annotation", desc="Annotations", disable=None, file=self.stderr
        ) as bar:
            try:
                result = demo.seed_demo(
                    users=users, annotations=count, seed=seed, progress=bar.update
                )
            except demo.DemoError as error:
                raise CommandError(str(error)) from error
        seconds = time.perf_counter() - started
        first, last = result.users[0].username, result.users[-1].username
        self.stdout.write(
            f"Created {result.annotations:,} annotations ({result.tag_links:,} tags, "
            f"{result.replies:,} replies) by {users} demo reader{'s' if users > 1 else ''} "
            f"in {seconds:.1f} s (seed {seed})."
        )
        readers = first if users == 1 else f"{first} … {last}"
        self.stdout.write(
            f"Sign in at /accounts/login/ as {readers} with the password "
            f"{demo.DEMO_PASSWORD!r} (demo readers that existed before keep their password)."
        )
