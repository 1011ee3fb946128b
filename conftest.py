"""Root of the test suite: the Italian catalogue must be compiled before any page renders."""

import runpy
from pathlib import Path


def pytest_configure() -> None:
    runpy.run_path(
        str(Path(__file__).parent / "scripts" / "compile_messages.py"), run_name="__main__"
    )
    # Django may have read the catalogues already (pytest-django sets it up first).
    from django.utils.translation import trans_real

    trans_real._translations.clear()
    trans_real._default = None
