from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import newsletter_views, second_factor_views, staff_invitation_views, views
from .forms import EmailAuthenticationForm, PasswordResetForm

app_name = "accounts"

urlpatterns = [
    path("aanmelden/", views.signup, name="signup"),
    path("verifieer/<uidb64>/<token>/", views.verify, name="verify"),
    path("verifieer/opnieuw/", views.resend_verification, name="resend_verification"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=EmailAuthenticationForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("tweestaps/", second_factor_views.verify, name="second_factor"),
    path("tweestaps/instellen/", second_factor_views.setup, name="second_factor_setup"),
    path("uitnodiging/<str:token>/", staff_invitation_views.accept, name="staff_invitation"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("profiel/", views.profile, name="profile"),
    path("wachtwoord/wijzigen/", views.change_password, name="change_password"),
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("verwijderen/", views.request_erasure, name="request_erasure"),
    path("e-mail/wijzigen/", views.change_email, name="change_email"),
    path(
        "e-mail/bevestigen/<str:token>/",
        views.confirm_email_change,
        name="confirm_email_change",
    ),
    path(
        "nieuwsbrief/bevestigen/<str:signed>/",
        newsletter_views.confirm,
        name="newsletter_confirm",
    ),
    path(
        "nieuwsbrief/afmelden/<str:token>/",
        newsletter_views.unsubscribe,
        name="newsletter_unsubscribe",
    ),
    path("profiel/contactpersoon/", views.request_contact, name="request_contact"),
    path(
        "wachtwoord/vergeten/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=PasswordResetForm,
            email_template_name="accounts/email/password_reset_body.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/nieuw/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
