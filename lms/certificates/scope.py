"""Who may see and who may act on certificates and their configuration in the admin (the rules
of the scoping layer, ``lms.accounts.admin_scope``).

Seeing a certificate (``Certificate.objects.for_user``: the holder, their organisation's
contacts, the issuing institution's managers, the programme team) is not acting on it: only the
programme team and the managers of the institution that issued it may revoke it or correct the
printed name, never the holder or an organisation contact.
"""

from lms.accounts.institutions import managed_page_paths, under_paths

from .models import (
    Accreditation,
    Certificate,
    CertificateTemplate,
    CompletionRule,
    ProfessionalRegister,
)

CERTIFICATE_ACTIONS = frozenset({"revoke", "correct_name"})


def may_act_on_certificate(user, action: str, certificate: Certificate) -> bool:
    """Whether ``user`` may ``revoke`` or ``correct_name`` ``certificate`` (other actions:
    never; certificates change only through those services)."""
    if action not in CERTIFICATE_ACTIONS or not (user.is_authenticated and user.is_active):
        return False
    if user.is_programme_team:
        return True
    paths = managed_page_paths(user)
    return bool(paths) and (
        Certificate.objects.filter(pk=certificate.pk)
        .filter(under_paths("module__path", paths))
        .exists()
    )


def completion_rules(user):
    """Rules of the modules under the institutions ``user`` manages (all for the team)."""
    if user.is_programme_team:
        return CompletionRule.objects.all()
    return CompletionRule.objects.filter(under_paths("module__path", managed_page_paths(user)))


def accreditations(user):
    """Accreditations of the modules under the institutions ``user`` manages (all for the
    team)."""
    if user.is_programme_team:
        return Accreditation.objects.all()
    return Accreditation.objects.filter(under_paths("module__path", managed_page_paths(user)))


def templates(user):
    """Certificate templates of the institutions ``user`` manages (all for the team)."""
    if user.is_programme_team:
        return CertificateTemplate.objects.all()
    return CertificateTemplate.objects.filter(institution__path__in=managed_page_paths(user))


def registers(user):
    """The professional registers (a public list): every row."""
    return ProfessionalRegister.objects.all()
