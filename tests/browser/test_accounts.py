"""Signing up, out and in through the forms, as a new reader would."""

import re

from playwright.sync_api import Page, expect

USERNAME = "rosa"
PASSWORD = "a-long-and-unusual-passphrase-42"


def sign_up(page: Page, *, confirmation: str) -> None:
    page.goto("/accounts/signup/")
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_email").fill("rosa@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(confirmation)
    page.locator("main form").get_by_role("button").click()


def expect_signed_in(page: Page) -> None:
    profile = page.locator("header a[href='/accounts/profile/']")
    expect(profile).to_have_text(USERNAME)
    expect(page.locator("header").get_by_role("button", name="Sign out")).to_be_visible()


def test_it_signs_up_a_new_reader_and_signs_them_in(page: Page):
    sign_up(page, confirmation=PASSWORD)

    expect(page).not_to_have_url(re.compile(r"/accounts/signup/"))
    expect_signed_in(page)


def test_it_refuses_a_sign_up_whose_passwords_differ(page: Page):
    sign_up(page, confirmation=PASSWORD + "x")

    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    expect(page.locator("#id_password2")).to_be_visible()
    expect(page.locator("header a[href='/accounts/profile/']")).to_have_count(0)


def test_it_signs_a_reader_out_and_back_in(page: Page):
    sign_up(page, confirmation=PASSWORD)
    expect_signed_in(page)

    page.locator("header").get_by_role("button", name="Sign out").click()
    expect(page.locator("header a[href='/accounts/profile/']")).to_have_count(0)
    expect(page.locator("header").get_by_role("link", name="Sign in")).to_be_visible()

    page.goto("/accounts/login/")
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form").get_by_role("button").click()
    expect_signed_in(page)
