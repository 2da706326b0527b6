"""Number series: the last number used per seller, year and series (``lms.billing.numbering``
locks a :class:`NumberCounter` row to hand out the next one, gap-free)."""

from django.db import models

from .parties import SellerProfile


class NumberCounter(models.Model):
    """The last number used in one series of one seller in one (Amsterdam) year. Locked to issue."""

    seller = models.ForeignKey(SellerProfile, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveIntegerField()
    series = models.CharField(max_length=12)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["seller", "year", "series"], name="counter_unique")
        ]

    def __str__(self):
        return f"{self.seller_id}/{self.year}/{self.series}: {self.last_number}"
