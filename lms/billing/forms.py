"""The checkout form: payer, purchase order, discount code, terms."""

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.eu import vat as eu_vat

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
    buyer_kind = forms.ChoiceField(
        label=_("Invoice to"),
        choices=[("consumer", _("Me as a private person")), ("business", _("My business"))],
        initial="consumer",
        required=False,
        widget=forms.RadioSelect,
    )
    company_name = forms.CharField(label=_("Company name"), max_length=200, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    country = forms.CharField(
        label=_("Country (ISO code)"), max_length=2, required=False, initial="NL"
    )
    kvk_number = forms.CharField(label=_("KvK number"), max_length=8, required=False)
    vat_id = forms.CharField(label=_("VAT id"), max_length=20, required=False)

    def __init__(self, *args, organisations=None, **kwargs):
        kwargs.setdefault("label_suffix", "")  # labels and legends alike, without a colon
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()

    def clean_vat_id(self):
        """Format and check digits only (python-stdnum); VIES is asked by the service."""
        value = self.cleaned_data["vat_id"].strip()
        if value and not eu_vat.is_valid(value):
            raise forms.ValidationError(
                _("%(value)s is not a valid EU VAT id."), params={"value": value}
            )
        return value

    def buyer_details(self) -> dict:
        """The details of a person paying themselves, for ``business.clean_buyer_details``."""
        data = self.cleaned_data
        fields = ("company_name", "street", "postcode", "city", "country", "kvk_number", "vat_id")
        return {"kind": data.get("buyer_kind") or "consumer", **{f: data[f] for f in fields}}
