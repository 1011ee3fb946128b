#!/usr/bin/env python3
"""Write `.env` with fresh development keys, once. Never overwrites an existing file."""

import base64
import os
import secrets
from pathlib import Path

ENV = Path(__file__).resolve().parent.parent / ".env"


def main() -> None:
    if ENV.exists():
        return
    fernet_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    ENV.write_text(
        "# Development and demo settings, written by `make env`. Not for production.\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"FIELD_ENCRYPTION_KEYS={fernet_key}\n"
        f"FIELD_HASH_KEY={secrets.token_urlsafe(32)}\n"
        "DEBUG=true\n"
        "# Demo only: the second factor is not enforced and every page says so.\n"
        "APPRODI_RELAX_SECOND_FACTOR=true\n"
    )
    ENV.chmod(0o600)
    print(f"Wrote {ENV.name} with fresh development keys.")


if __name__ == "__main__":
    main()
