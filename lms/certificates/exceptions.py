"""Domain errors of the certificates layer."""


class CertificateError(Exception):
    """A certificate cannot be issued or changed; ``str(error)`` says why."""
