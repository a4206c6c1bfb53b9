"""Signing up, in and out, changing and resetting a password, and the account page."""

import re

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse

NEW_PASSWORD = "a-long-and-unusual-passphrase-42"
EVIL = "https://evil.example/steal"


def signup_data(**overrides) -> dict:
    data = {
        "username": "rosa",
        "email": "rosa@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def signed_in_user_id(client):
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


# Sign up


def test_it_shows_the_signup_form_with_a_label_for_every_field(client, db):
    response = client.get(reverse("reader:signup"))

    assert response.status_code == 200
    assert response.templates[0].name == "registration/signup.html"
    html = response.content.decode()
    for name in ("username", "email", "password1", "password2"):
        assert f'<label for="id_{name}">' in html
        assert f'id="id_{name}"' in html
    assert '<span class="optional">(optional)</span>' in html  # email only
    assert html.count('<span class="optional">') == 1
    assert f'href="{reverse("login")}"' in html
    assert f'href="{reverse("password_reset")}"' in html


def test_it_signs_up_a_reader_and_signs_them_in(client, db):
    response = client.post(reverse("reader:signup"), signup_data())

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = get_user_model().objects.get(username="rosa")
    assert user.email == "rosa@example.org"
    assert user.check_password(NEW_PASSWORD)
    assert signed_in_user_id(client) == user.pk
    assert client.get(reverse("reader:profile")).status_code == 200


def test_it_signs_up_a_reader_without_an_email_address(client, db):
    response = client.post(reverse("reader:signup"), signup_data(email=""))

    assert response.status_code == 302
    assert get_user_model().objects.get(username="rosa").email == ""


def test_it_normalises_the_domain_of_the_email_address(client, db):
    client.post(reverse("reader:signup"), signup_data(email="Rosa@Example.ORG"))

    assert get_user_model().objects.get(username="rosa").email == "Rosa@example.org"


def test_it_sends_a_new_reader_on_to_a_safe_next_page(client, db):
    response = client.post(
        reverse("reader:signup") + "?next=/read/a-book/", signup_data(next="/read/a-book/")
    )

    assert response.status_code == 302
    assert response["Location"] == "/read/a-book/"


@pytest.mark.parametrize("next_url", [EVIL, "//evil.example/", "https:evil.example"])
def test_it_does_not_send_a_new_reader_off_site(client, db, next_url):
    response = client.post(reverse("reader:signup"), signup_data(next=next_url))

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_does_not_offer_an_off_site_next_page_in_the_form(client, db):
    response = client.get(reverse("reader:signup"), {"next": EVIL})

    main = response.content.decode().split("<main", 1)[1]
    assert "evil.example" not in main
    assert 'name="next"' not in main


def test_it_keeps_a_safe_next_page_in_the_form_and_the_sign_in_link(client, db):
    response = client.get(reverse("reader:signup"), {"next": "/read/a-book/"})

    html = response.content.decode()
    assert '<input type="hidden" name="next" value="/read/a-book/">' in html
    assert f'href="{reverse("login")}?next=/read/a-book/"' in html


def test_it_refuses_a_username_that_is_taken_whatever_its_case(client, owner):
    response = client.post(reverse("reader:signup"), signup_data(username="ALICE"))

    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "A user with that username already exists."
    ]
    html = response.content.decode()
    assert re.search(r'<ul class="errorlist" id="id_username_error"><li>A user with that', html)
    assert get_user_model().objects.count() == 1
    assert signed_in_user_id(client) is None


def test_it_shows_a_password_mismatch_next_to_the_confirmation_field(client, db):
    response = client.post(reverse("reader:signup"), signup_data(password2=NEW_PASSWORD + "x"))

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password2": ["The two password fields didn’t match."]
    }
    html = response.content.decode()
    field = re.search(
        r'<div class="field field-invalid">(.*?)(?=<div class="field|</form>)', html, re.S
    )
    assert field is not None
    assert '<label for="id_password2">' in field.group(1)
    assert (
        '<ul class="errorlist" id="id_password2_error">'
        "<li>The two password fields didn’t match.</li></ul>"
    ) in field.group(1)
    [widget] = re.findall(r'<input type="password" name="password2"[^>]*>', html)
    assert 'aria-invalid="true"' in widget
    assert 'aria-describedby="id_password2_helptext id_password2_error"' in widget
    # The summary at the top links to the field.
    assert '<a href="#id_password2">Password confirmation</a>' in html
    assert not get_user_model().objects.exists()


def test_it_refuses_a_common_password(client, db):
    response = client.post(
        reverse("reader:signup"), signup_data(password1="password", password2="password")
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password2"] == ["This password is too common."]
    assert not get_user_model().objects.exists()


def test_it_sends_a_signed_in_reader_from_signup_to_their_profile(client, owner):
    client.force_login(owner)

    response = client.get(reverse("reader:signup"))

    assert response.status_code == 302
    assert response["Location"] == reverse("reader:profile")


# Sign in and out


def test_it_shows_the_sign_in_form_with_links_to_sign_up_and_reset(client, db):
    response = client.get(reverse("login"), {"next": "/read/a-book/"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">Username</label>' in html
    assert '<label for="id_password">Password</label>' in html
    assert f'href="{reverse("reader:signup")}?next=/read/a-book/"' in html
    assert f'href="{reverse("password_reset")}"' in html


def test_it_signs_in_with_good_credentials(client, owner, password):
    response = client.post(reverse("login"), {"username": "alice", "password": password})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) == owner.pk


def test_it_refuses_bad_credentials_and_says_so(client, owner):
    response = client.post(reverse("login"), {"username": "alice", "password": "wrong"})

    assert response.status_code == 200
    assert signed_in_user_id(client) is None
    html = response.content.decode()
    assert '<div class="error-summary" role="alert">' in html
    assert "Please enter a correct username and password." in html


def test_it_signs_in_to_a_safe_next_page(client, owner, password):
    response = client.post(
        reverse("login"), {"username": "alice", "password": password, "next": "/search/?q=x"}
    )

    assert response["Location"] == "/search/?q=x"


def test_it_does_not_sign_in_to_an_off_site_next_page(client, owner, password):
    response = client.post(
        reverse("login") + "?next=" + EVIL,
        {"username": "alice", "password": password, "next": EVIL},
    )

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_it_signs_out_with_a_post(client, owner):
    client.force_login(owner)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) is None


def test_it_does_not_sign_out_with_a_get(client, owner):
    client.force_login(owner)

    response = client.get(reverse("logout"))

    assert response.status_code == 405
    assert signed_in_user_id(client) == owner.pk


def test_it_renders_the_signed_out_page(client, db):
    # Only shown if LOGOUT_REDIRECT_URL is unset; it must still render.
    from django.template.loader import render_to_string

    html = render_to_string("registration/logged_out.html")

    assert "<h1>You have signed out</h1>" in html
    assert f'href="{reverse("login")}"' in html


# Change password


def test_it_changes_the_password_given_the_old_one(client, owner, password):
    client.force_login(owner)

    response = client.post(
        reverse("password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
    # Still signed in in this browser.
    assert client.get(reverse("reader:profile")).status_code == 200
    done = client.get(reverse("password_change_done"))
    assert "<h1>Password changed</h1>" in done.content.decode()


def test_it_does_not_change_the_password_without_the_old_one(client, owner, password):
    client.force_login(owner)

    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "old_password": ["Your old password was entered incorrectly. Please enter it again."]
    }
    assert 'id="id_old_password_error"' in response.content.decode()
    owner.refresh_from_db()
    assert owner.check_password(password)


def test_it_shows_the_password_change_form_with_labels(client, owner):
    client.force_login(owner)

    response = client.get(reverse("password_change"))

    html = response.content.decode()
    for name in ("old_password", "new_password1", "new_password2"):
        assert f'<label for="id_{name}">' in html
    assert '<label for="account-username">Username</label>' in html


def test_it_asks_a_signed_out_visitor_to_sign_in_before_changing_password(client, db):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('password_change')}"


# Reset password


def test_it_resets_a_forgotten_password_through_the_emailed_link(client, owner, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "alice@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    [email] = mailoutbox
    assert email.to == ["alice@example.org"]
    assert email.subject == "Reset your Marginalia password"
    assert "<" not in email.body  # plain text, nothing escaped
    [link] = re.findall(r"http://testserver(/accounts/reset/\S+/)", email.body)

    # The emailed link swaps the token for a session and redirects to the form.
    response = client.get(link)
    assert response.status_code == 302
    set_password_url = response["Location"]
    response = client.get(set_password_url)
    assert response.status_code == 200
    assert response.context["validlink"] is True
    assert '<label for="id_new_password1">' in response.content.decode()

    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_complete")

    response = client.post(reverse("login"), {"username": "alice", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert signed_in_user_id(client) == owner.pk


def test_it_refuses_a_reset_link_used_twice(client, owner, mailoutbox):
    client.post(reverse("password_reset"), {"email": "alice@example.org"})
    [link] = re.findall(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body)
    set_password_url = client.get(link)["Location"]
    client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(link)

    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "<h1>Link no longer valid</h1>" in response.content.decode()


def test_it_does_not_reveal_whether_an_email_address_has_an_account(client, db, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


@pytest.mark.parametrize(
    "name",
    ["login", "password_reset", "password_reset_done", "password_reset_complete"],
)
def test_it_renders_each_account_page_for_a_visitor(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<main id="main" tabindex="-1" class="narrow-page">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


# Profile


def test_it_asks_a_signed_out_visitor_to_sign_in_for_the_profile(client, db):
    response = client.get(reverse("reader:profile"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('reader:profile')}"


def test_it_shows_the_profile(client, owner):
    owner.date_joined = owner.date_joined.replace(year=2024, month=3, day=5)
    owner.save(update_fields=["date_joined"])
    client.force_login(owner)

    response = client.get(reverse("reader:profile"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<dd>alice</dd>" in html
    assert "<dd>alice@example.org</dd>" in html
    assert ">5 March 2024</time>" in html
    assert f'href="{reverse("password_change")}"' in html
    assert re.search(
        rf'<form method="post" action="{reverse("logout")}">\s*'
        r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>\s*'
        r'<button type="submit">Sign out of this browser</button>',
        html,
    )
    headings = re.findall(r"<(h[1-6])[^>]*>([^<]*)</h[1-6]>", html)
    assert headings == [
        ("h1", "Your account"),
        ("h2", "Details"),
        ("h2", "Password"),
        ("h2", "Notification emails"),
        ("h2", "API token"),
        ("h2", "Your data"),
        ("h3", "Delete your account"),
        ("h2", "Sign out"),
    ]


def test_it_says_when_the_profile_has_no_email_address(client, owner):
    owner.email = ""
    owner.save(update_fields=["email"])
    client.force_login(owner)

    response = client.get(reverse("reader:profile"))

    assert "None. Without one, a forgotten password cannot be reset." in (response.content.decode())
