#!/usr/bin/env python3
"""Benchmarks (`make bench`): medians and ratios, never timed unit tests.

The foundation ships no benchmark yet; the performance issue adds them here.
"""

import sys


def main() -> int:
    print(
        "No benchmarks yet: they come with the performance work (see ../shared/design/targets.md)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
