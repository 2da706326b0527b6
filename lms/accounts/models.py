"""People and organisations: the floor of the domain.

A User logs in with their e-mail address (case-insensitive, unique). An Organisation is a buyer
(municipality, province, region, company) with registered e-mail domains; membership is either
implied by a verified address on one of those domains or recorded as an OrganisationMembership.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .model_fields import person_link
from .querysets import OwnRowsQuerySet, ScopedQuerySet

PROGRAMME_TEAM_GROUP = "Programmateam"
KENNISBANK_GROUP = "Kennisbank"
COACHES_GROUP = "Coaches"
STEERING_GROUP = "Stuurgroep"


def normalise_email(email: str) -> str:
    """Return ``email`` stripped and lower-cased: the one form in which addresses are stored."""
    return (email or "").strip().lower()


class EmailUserManager(UserManager):
    """Manager for a user model whose login is the e-mail address."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=normalise_email(username))


class User(AbstractUser):
    """A person with an account. Login is the e-mail address.

    ``certificate_name`` is the name exactly as it must appear on certificates; when empty, the
    first and last name are used. ``language`` is the interface language ("nl" or "en").
    """

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    certificate_name = models.CharField(
        _("name on certificates"),
        max_length=200,
        blank=True,
        help_text=_("Exactly as it must be printed on your certificates."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.email = normalise_email(self.email)

    def __str__(self):
        return self.get_full_name() or self.email

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def printed_name(self) -> str:
        """The name as printed on certificates: ``certificate_name``, else the full name."""
        return (self.certificate_name or self.get_full_name() or self.email).strip()

    @cached_property
    def is_programme_team(self) -> bool:
        """True for superusers and members of the programme team group (cached per instance)."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        return self.groups.filter(name=PROGRAMME_TEAM_GROUP).exists()


class OrganisationQuerySet(models.QuerySet):
    """Organisations, with the one answer to "whose contact is this person?"."""

    def contact_of(self, user):
        """The organisations for which ``user`` is an approved contact (none when not logged
        in). The portal, organisation batches and the bookings' ``for_user`` all ask here."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            pk__in=OrganisationMembership.objects.filter(
                user=user,
                role=OrganisationMembership.Role.CONTACT,
                status=OrganisationMembership.Status.APPROVED,
            ).values("organisation_id")
        )


class Organisation(ClusterableModel):
    """A buyer: municipality, province, region, company or other organisation."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        PROVINCE = "province", _("Province")
        REGION = "region", _("Region")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPALITY
    )
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    oin = models.CharField(_("OIN"), max_length=20, blank=True)
    province = models.CharField(_("province"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def has_member(self, user) -> bool:
        """Membership as the design defines it: a verified address on one of this
        organisation's e-mail domains, or a membership its contact confirmed (approved)."""
        if user.is_verified:
            domain = user.email.rsplit("@", 1)[-1].lower()
            if self.domains.filter(domain=domain).exists():
                return True
        return self.memberships.filter(user=user, status="approved").exists()


class OrganisationDomain(models.Model):
    """An e-mail domain registered to an organisation (e.g. ``utrecht.nl``)."""

    organisation = ParentalKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="domains",
        verbose_name=_("organisation"),
    )
    domain = models.CharField(_("domain"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("e-mail domain")
        verbose_name_plural = _("e-mail domains")

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)


class OrganisationMembershipQuerySet(OwnRowsQuerySet):
    """Memberships: all for the programme team, else a person's own (``for_user``)."""

    owner_lookup = "user"

    def approved(self):
        return self.filter(status=OrganisationMembership.Status.APPROVED)


class OrganisationMembership(models.Model):
    """A person's recorded tie to an organisation.

    Role ``contact`` is requested by the person and approved by the programme team
    (``verified_by``); role ``member`` is confirmed by one of the organisation's contacts.
    """

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        CONTACT = "contact", _("Contact")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", pgettext_lazy("membership status", "Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    verified_by = person_link(_("verified by"))
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    objects = OrganisationMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class SubscriberQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """Subscriptions ``user`` may see: all for the programme team, else their own address."""
        return self.filter(email=normalise_email(user.email))

    def confirmed(self):
        return self.filter(state=Subscriber.State.CONFIRMED)


class Subscriber(models.Model):
    """A newsletter subscription with double opt-in.

    A sign-up is ``pending`` until the confirmation link (signed, time-limited) is opened; it is
    then ``confirmed`` and exported for the mailing tool. Every mail carries an unsubscribe link
    built from ``token``. State changes go through ``lms.accounts.newsletter``.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PENDING
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    requested_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter subscriber")
        verbose_name_plural = _("newsletter subscribers")
        ordering = ["-requested_at"]

    def __str__(self):
        return self.email


class ErasureRequest(models.Model):
    """A person's request to be erased (AVG art. 17). The programme team answers it within one
    month (art. 12(3)) by anonymising the account (``services.anonymise_user``), which keeps
    what the law makes us keep (invoices: art. 52 AWR)."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("erasure request", "Open")
        DONE = "done", pgettext_lazy("erasure request", "Carried out")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="erasure_requests",
        verbose_name=_("person"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    due_on = models.DateField(_("to be answered by"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.OPEN)
    handled_by = person_link()
    handled_at = models.DateTimeField(_("carried out at"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(state="open"),
                name="one_open_erasure_request_per_person",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.due_on:%d-%m-%Y})"


from .models_invitation import StaffInvitation  # noqa: E402, F401  (registers the model)
