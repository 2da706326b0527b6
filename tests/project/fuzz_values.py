"""The bad values the fuzz test (tests/project/test_fuzz.py) sends to every parameter."""

BAD_VALUES = [
    "a\x00b",  # NUL: PostgreSQL refuses it in text columns
    "x" * 250 + "@example.org",  # an e-mail longer than 254 characters
    "2024-02-30",  # an impossible date
    "99999999999999999999",  # an id beyond 64 bits
    "-1",
    "abc",  # a non-numeric id
    "mijn",  # a bare word as `next`
    "//evil.example",  # an off-site `next`
    "y" * 5000,  # a very long string
    "Zoë 🏠 ﷽",  # unicode outside Latin-1
]
