"""Forms of the reader's own pages; Django's auth views bring their own forms."""

from datetime import date, datetime, time

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.utils import timezone

from annotations.circles.reading_list import MAX_NOTE
from annotations.limits import MAX_INVITE_USES
from annotations.models import Role
from annotations.uploads.fetch import size_limit


class SignupForm(UserCreationForm):
    """Django's user creation form (username, two passwords) plus an optional email address."""

    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text="Only used to send you a link if you forget your password.",
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self) -> str:
        return get_user_model().objects.normalize_email(self.cleaned_data["email"])


# Circles: the forms on a circle's page.


class CircleForm(forms.Form):
    name = forms.CharField(label="Name", max_length=120)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReadingListAddForm(forms.Form):
    # "<slug>" for a whole document, "<slug>:<order>" for one of its sections.
    target = forms.CharField(label="Document or section", max_length=260)
    due = forms.DateField(
        label="Due", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="Note", required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_target(self) -> tuple[str, int | None]:
        slug, _, order = self.cleaned_data["target"].partition(":")
        if order and not (order.isascii() and order.isdigit() and len(order) <= 6):
            raise forms.ValidationError("Choose a document or one of its sections.")
        return slug, int(order) if order else None


class ReadingListEditForm(forms.Form):
    due = forms.DateField(
        label="Due", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="Note", required=False, max_length=MAX_NOTE, widget=forms.Textarea(attrs={"rows": 2})
    )


class InviteForm(forms.Form):
    expires = forms.DateField(
        label="Valid until",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The link works to the end of this day. Leave empty for no expiry.",
    )
    max_uses = forms.IntegerField(
        label="Number of uses",
        required=False,
        min_value=1,
        max_value=MAX_INVITE_USES,
        help_text="How many people may join with it. Leave empty for no limit.",
    )

    def expiry(self) -> datetime | None:
        day: date | None = self.cleaned_data["expires"]
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day, time.max))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)


# Adding a text to a library.


class UploadForm(forms.Form):
    """A file, a pasted text or a URL (the service checks that there is exactly one),
    what to call it, and (for a new document) the library it goes to."""

    file = forms.FileField(
        label="File",
        required=False,
        allow_empty_file=True,  # the service says what is wrong with it, for every format
        help_text="Plain text, Markdown, a saved web page (HTML), EPUB (without DRM) or PDF "
        "(with a text layer).",
    )
    text = forms.CharField(
        label="Or paste the text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text or Markdown (# for headings).",
    )
    url = forms.URLField(
        label="Or fetch it from an address",
        required=False,
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    title = forms.CharField(
        label="Title",
        required=False,
        max_length=300,
        help_text="Leave empty to use the text's own.",
    )
    author = forms.CharField(label="Author", required=False, max_length=200)
    published = forms.CharField(
        label="Published",
        required=False,
        max_length=10,
        help_text="YYYY, YYYY-MM or YYYY-MM-DD.",
    )
    library = forms.ChoiceField(label="Library")

    def __init__(self, *args, libraries=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text += f" At most {size_limit()}."
        if libraries is None:  # a new version stays in its document's library
            del self.fields["library"]
            self.fields["title"].help_text = "Leave empty to keep the document's title."
        else:
            self.fields["library"].choices = libraries


class PublishForm(forms.Form):
    """The preview's last word on what to call the text."""

    title = forms.CharField(label="Title", required=False, max_length=300)
    author = forms.CharField(label="Author", required=False, max_length=200)
    published = forms.CharField(
        label="Published", required=False, max_length=10, help_text="YYYY, YYYY-MM or YYYY-MM-DD."
    )


# Removing a text from its library.


class RemoveTextForm(forms.Form):
    """Removing a text is for good: the remover types its title, as GitHub asks for a
    repository's name, so that no stray click or wrong tab does it."""

    confirm = forms.CharField(
        label="Type the text’s title to confirm",
        max_length=300,
        error_messages={"required": "Type the text’s title to remove it; nothing was removed."},
    )

    def __init__(self, *args, title: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = title
        self.fields["confirm"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_confirm(self) -> str:
        typed = self.cleaned_data["confirm"]
        # Spaces and letter case are no sign of a slip; a different word is.
        if _folded(typed) != _folded(self.title):
            raise forms.ValidationError(
                f"That is not the title, so nothing was removed: type “{self.title}”."
            )
        return typed


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


GUIDE_FIRST_DAY, GUIDE_LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)


class GuideLimitsForm(forms.Form):
    """A guide's limits, from its query string: ?reading_list=1&since=…&until=…"""

    reading_list = forms.BooleanField(label="Only the reading list", required=False)
    since = forms.DateField(
        label="Marked since",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(
            attrs={"type": "date", "aria-describedby": "since-help"}, format="%Y-%m-%d"
        ),
        help_text="For example the day of your last meeting.",
    )
    until = forms.DateField(
        label="Until",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("since", "until"):
            day = cleaned.get(name)
            # Days at the ends of the calendar overflow when turned into times.
            if day and not (GUIDE_FIRST_DAY <= day <= GUIDE_LAST_DAY):
                self.add_error(name, "Enter a date between the years 1900 and 9998.")
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "Must be on or after the date in since (YYYY-MM-DD).")
        return cleaned

    def problems(self) -> str:
        """Every error, each after the parameter it is about: "since: Enter a valid date." """
        return " ".join(f"{name}: {' '.join(errors)}" for name, errors in self.errors.items())
