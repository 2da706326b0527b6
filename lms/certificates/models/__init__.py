"""The certificates app's models, one module per topic: :mod:`.certificate` (certificates and
the registers printed on them), :mod:`.registers` (professional registers, accreditations,
registration numbers), :mod:`.requirements` (completion rules, assessment results) and
:mod:`.template` (an institution's certificate design). Import them from here.

``private_storage`` is re-exported because migration 0001 refers to it by this path.
"""

from .certificate import Certificate, CertificateQuerySet, CertificateRegisterLine, private_storage
from .registers import Accreditation, ProfessionalRegister, RegisterNumber, RegisterNumberQuerySet
from .requirements import AssessmentResult, AssessmentResultQuerySet, CompletionRule
from .template import CertificateTemplate, colour_validator

__all__ = [
    "Accreditation",
    "AssessmentResult",
    "AssessmentResultQuerySet",
    "Certificate",
    "CertificateQuerySet",
    "CertificateRegisterLine",
    "CertificateTemplate",
    "CompletionRule",
    "ProfessionalRegister",
    "RegisterNumber",
    "RegisterNumberQuerySet",
    "colour_validator",
    "private_storage",
]
