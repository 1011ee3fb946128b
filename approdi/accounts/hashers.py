from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2 with a small memory cost, for the test suite only."""

    algorithm = "argon2"
    time_cost = 1
    memory_cost = 256
    parallelism = 1
