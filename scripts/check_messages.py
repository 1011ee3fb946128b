#!/usr/bin/env python3
"""Every translatable string has an Italian translation, and the .po files are current.

Runs `makemessages` into a scratch copy (needs GNU gettext) and compares the message ids
with the committed Italian catalogue; then checks that no entry is untranslated or fuzzy.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
DOMAINS = ["django"]


def main() -> int:
    problems: list[str] = []
    committed = ROOT / "locale" / "it" / "LC_MESSAGES" / "django.po"
    if not committed.exists():
        print("locale/it/LC_MESSAGES/django.po is missing")
        return 1
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "tree"
        shutil.copytree(
            ROOT / "approdi", work / "approdi", ignore=shutil.ignore_patterns("__pycache__")
        )
        shutil.copy(ROOT / "manage.py", work / "manage.py")
        shutil.copytree(ROOT / "locale", work / "locale")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "approdi.settings.test",
            "PYTHONPATH": str(work),
        }
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "it",
                "--no-obsolete",
                "--no-location",
            ],
            cwd=work,
            env=env,
            check=True,
            capture_output=True,
        )
        fresh = polib.pofile(str(work / "locale" / "it" / "LC_MESSAGES" / "django.po"))
    current = polib.pofile(str(committed))
    current_ids = {(e.msgctxt, e.msgid) for e in current}
    for entry in fresh:
        if (entry.msgctxt, entry.msgid) not in current_ids:
            problems.append(f"not in the committed catalogue (run make messages): {entry.msgid!r}")
    for entry in current:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problems.append(f"fuzzy: {entry.msgid!r}")
        elif not entry.translated():
            problems.append(f"untranslated: {entry.msgid!r}")
    for problem in problems:
        print(problem)
    print(f"{len(current)} Italian messages, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
