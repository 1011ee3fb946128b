"""Production settings refuse to start without their secrets and hosts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
COMPLETE = {
    "SECRET_KEY": "x" * 60,
    "FIELD_ENCRYPTION_KEYS": "HGaPFp3HxaoOYwvyNd0b447V_vOu4mMGtC5xoSPjMoM=",
    "FIELD_HASH_KEY": "hash-key",
    "ALLOWED_HOSTS": "approdi.example.org",
}


def load_production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in COMPLETE and k != "DATABASE_URL"}
    script = (
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.DEBUG, settings.ALLOWED_HOSTS)"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **clean,
            **env,
            "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "approdi.settings.production",
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_start_with_everything_set() -> None:
    result = load_production(COMPLETE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False ['approdi.example.org']"


@pytest.mark.parametrize("missing", sorted(COMPLETE))
def test_production_settings_refuse_to_start_without(missing: str) -> None:
    result = load_production({k: v for k, v in COMPLETE.items() if k != missing})
    assert result.returncode == 1
    assert f"{missing} must be set in the environment for production." in result.stderr
