"""The admin manage page: only the programme team; refusals shown, nothing changed."""

from django.urls import reverse

from lms.bookings.models import BookingRequest


def test_manage_page_is_team_only(client, make_booking, team, contact):
    booking = make_booking()
    url = reverse("bookings_manage", args=[booking.pk])
    client.force_login(contact)
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"action": "intake"}).status_code in (302, 403)
    booking.refresh_from_db()
    assert booking.state == BookingRequest.State.NEW
    client.force_login(team)
    assert client.get(url).status_code == 200


def test_illegal_transition_shows_message_and_changes_nothing(client, make_booking, team):
    booking = make_booking()
    client.force_login(team)
    response = client.post(
        reverse("bookings_manage", args=[booking.pk]), {"action": "deliver"}, follow=True
    )
    assert response.status_code == 200
    texts = [str(m) for m in response.context["messages"]]
    assert texts and BookingRequest.objects.get(pk=booking.pk).state == "new"


def test_booking_listing_for_team(client, make_booking, team):
    make_booking()
    client.force_login(team)
    response = client.get(reverse("wagtailsnippets_bookings_bookingrequest:list"))
    assert response.status_code == 200
    assert b"Gemeente Utrecht" in response.content
