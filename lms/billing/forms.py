"""The checkout form: payer, purchase order, discount code, terms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import Organisation
from lms.enrolment.models import Enrolment


class CheckoutForm(forms.Form):
    """What a person chooses before confirming a paid place."""

    payer = forms.ChoiceField(
        label=_("Who pays?"),
        choices=[
            (Enrolment.Payer.PARTICIPANT, _("I pay myself")),
            (Enrolment.Payer.ORGANISATION, _("My organisation pays")),
        ],
        initial=Enrolment.Payer.PARTICIPANT,
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    po_number = forms.CharField(label=_("Purchase-order number"), max_length=50, required=False)
    cost_centre = forms.CharField(label=_("Cost centre"), max_length=50, required=False)
    discount_code = forms.CharField(label=_("Discount code"), max_length=40, required=False)
    express_start = forms.BooleanField(
        label=_(
            "I ask for the run to start within the 14-day withdrawal period; if I withdraw "
            "after it started, I pay for the part delivered."
        ),
        required=False,
    )
    accept_terms = forms.BooleanField(label=_("I accept the terms and conditions"), required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()
