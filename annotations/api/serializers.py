"""Input serializers: the shape and types of a request, nothing more.

Whether the values make sense (offsets inside the text, a known colour, a comment
short enough) is for ``annotations.services`` to say, so it is said once for every
caller. Output is built by ``annotations.presenters``.
"""

from __future__ import annotations

from rest_framework import serializers

from annotations.limits import MAX_INVITE_USES
from annotations.models import Color, ReactionKind, Role, Visibility

# The largest offset the database stores (PositiveIntegerField on PostgreSQL).
MAX_OFFSET = 2_147_483_647


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: not a boolean, a float such as 3.0, or a string such as "3"."""

    default_error_messages = {"invalid": "Must be an integer, such as 12."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(serializers.CharField):
    """A JSON string, kept as sent: numbers are not turned into strings, nor is it trimmed."""

    default_error_messages = {"invalid": "Must be a string."}

    def __init__(self, **kwargs):
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("allow_blank", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, so a typo ("colour") is not silently ignored."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        known = ", ".join(self.fields)
        errors = {name: [f"Unknown field; the fields are {known}."] for name in unknown}
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            raise serializers.ValidationError({**errors, **error.detail}) from None
        if errors:
            raise serializers.ValidationError(errors)
        return value


def tags_field() -> serializers.ListField:
    return serializers.ListField(child=StrictCharField(), required=False)


class AnnotationCreateSerializer(StrictSerializer):
    """A new highlight; ``document``, ``start``, ``end`` and ``exact`` are required."""

    document = StrictCharField(allow_blank=False, help_text="The document's slug.")
    start = StrictIntegerField(max_value=MAX_OFFSET, help_text="Offset of the first character.")
    end = StrictIntegerField(max_value=MAX_OFFSET, help_text="Offset just past the last one.")
    exact = StrictCharField(help_text="The text at [start, end), exactly.")
    color = StrictCharField(required=False, help_text=f"One of {', '.join(Color.values)}.")
    comment = StrictCharField(required=False, help_text="Markdown, at most 10,000 characters.")
    tags = tags_field()
    visibility = StrictCharField(required=False, help_text="private, circle or public.")
    circle = StrictCharField(
        required=False,
        allow_null=True,
        help_text='With visibility "circle": the slug of a circle the author belongs to.',
    )


class AnnotationUpdateSerializer(StrictSerializer):
    """What its author may change; fields left out stay as they are."""

    color = StrictCharField(required=False)
    comment = StrictCharField(required=False)
    tags = tags_field()
    visibility = StrictCharField(required=False)
    circle = StrictCharField(
        required=False,
        allow_null=True,
        help_text='With visibility "circle": the slug of a circle the author belongs to.',
    )


class ReplyBodySerializer(StrictSerializer):
    """A reply, or its new text."""

    body = StrictCharField(help_text="Markdown, at most 10,000 characters.")


class ReplyCreateSerializer(StrictSerializer):
    """A new reply: to the annotation, or (``parent``) to one of its replies."""

    body = StrictCharField(help_text="Markdown, at most 10,000 characters.")
    parent = StrictIntegerField(
        required=False,
        allow_null=True,
        max_value=MAX_OFFSET,
        help_text="The id of the reply to this annotation it answers; null or left out: "
        "it answers the annotation.",
    )


class AnnotationFilterSerializer(serializers.Serializer):
    """The list's query parameters; each narrows the list, and an empty one is ignored."""

    document = serializers.CharField(
        required=False, allow_blank=True, help_text="A document's slug."
    )
    tag = serializers.CharField(
        required=False, allow_blank=True, help_text="A tag, whatever its case."
    )
    color = serializers.ChoiceField(choices=Color.values, required=False, allow_blank=True)
    author = serializers.CharField(
        required=False, allow_blank=True, help_text="The author's username."
    )
    q = serializers.CharField(
        required=False, allow_blank=True, help_text="Text in the quote or the comment."
    )
    visibility = serializers.ChoiceField(
        choices=Visibility.values, required=False, allow_blank=True
    )
    circle = serializers.CharField(
        required=False, allow_blank=True, help_text="The slug of one of the caller's circles."
    )


class TagQuerySerializer(serializers.Serializer):
    """The suggestions' query parameter."""

    q = serializers.CharField(required=False, allow_blank=True, help_text="The tag's start.")


class NotificationQuerySerializer(serializers.Serializer):
    """The notifications list's query parameters."""

    unread = serializers.BooleanField(
        required=False, default=False, help_text="Only the unread ones."
    )


class MentionQuerySerializer(serializers.Serializer):
    """Who may be mentioned: in a note on ``document``, shared with ``circle``."""

    document = serializers.SlugField(max_length=200, help_text="The document's slug.")
    circle = serializers.SlugField(
        required=False, allow_blank=True, max_length=140, help_text="The note's circle's slug."
    )
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=150, help_text="The username's start."
    )


class CircleCreateSerializer(StrictSerializer):
    """A new circle; its creator becomes its owner."""

    name = StrictCharField(allow_blank=False, help_text="1 to 120 characters.")
    description = StrictCharField(required=False, help_text="At most 2,000 characters.")


class CircleUpdateSerializer(StrictSerializer):
    """What an owner may change; fields left out stay as they are. The slug never changes."""

    name = StrictCharField(required=False)
    description = StrictCharField(required=False)


class MemberRoleSerializer(StrictSerializer):
    role = StrictCharField(help_text=f"One of {', '.join(Role.values)}.")


class InviteCreateSerializer(StrictSerializer):
    """An invite link; without limits it works until it is revoked."""

    expires = serializers.DateTimeField(
        required=False, allow_null=True, help_text="When the link stops working (future)."
    )
    max_uses = StrictIntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_INVITE_USES,
        help_text=f"How many readers may join with it (1 to {MAX_INVITE_USES:,}).",
    )


class ReactionSerializer(StrictSerializer):
    kind = StrictCharField(help_text=f"One of {', '.join(ReactionKind.values)}.")


class ReviewSerializer(StrictSerializer):
    action = StrictCharField(help_text="accept, reselect or detach.")
    start = StrictIntegerField(required=False, help_text="With reselect: the passage's start.")
    end = StrictIntegerField(required=False, help_text="With reselect: its end.")
    exact = StrictCharField(required=False, help_text="With reselect: its text.")
