"""Verification codes: random, about 79 bits, in an alphabet without look-alike characters.

The alphabet leaves out 0/O, 1/I and L, so 31 symbols remain; 16 symbols carry
16 × log2(31) ≈ 79 bits, above the 64-bit minimum. Codes are stored in upper case without
separators, printed in four groups of four, and looked up case-insensitively.
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16
GROUP = 4
_SEPARATORS = re.compile(r"[\s\-_.]")


def new_code() -> str:
    """Return a fresh random code in its stored form."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """Turn what a person typed or scanned into the stored form (upper case, no separators)."""
    return _SEPARATORS.sub("", (text or "").upper())


def format_code(code: str) -> str:
    """Print a stored code in groups of four, e.g. ``7KQ2-M9XP-4TRD-HW3C``."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))
