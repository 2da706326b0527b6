"""Read-only queries over certificates."""

from collections import defaultdict
from decimal import Decimal

from .models import CertificateRegisterLine


def points_per_register_year(user) -> list[dict]:
    """``user``'s PE points per register per calendar year of completion, from their own
    certificates that are not revoked (expired ones still count for the year they were
    earned).

    Returns:
        Rows ``{"register": name, "year": int, "points": Decimal, "certificates": int}``,
        newest year first, then by register name. One query.
    """
    lines = CertificateRegisterLine.objects.filter(
        certificate__user=user, certificate__revoked_at__isnull=True
    ).values_list("register_name", "certificate__completion_date", "points")
    totals: dict[tuple[str, int], list] = defaultdict(lambda: [Decimal("0"), 0])
    for name, day, points in lines:
        total = totals[(name, day.year)]
        total[0] += points
        total[1] += 1
    rows = [
        {"register": name, "year": year, "points": total[0], "certificates": total[1]}
        for (name, year), total in totals.items()
    ]
    return sorted(rows, key=lambda row: (-row["year"], row["register"]))
