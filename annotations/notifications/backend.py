"""Django's ModelBackend, loading the signed-in reader with their unread notification
count (``user.unread_notifications``) in the same query: the header's badge then costs
no query of its own, and no page's pinned query count changes."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from annotations.notifications.queries import unread_count_sql


class ReaderBackend(ModelBackend):
    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
            count = unread_count_sql(pk)
            user = user_model._default_manager.annotate(unread_notifications=count).get(pk=pk)
        except (user_model.DoesNotExist, ValueError, TypeError):
            return None
        return user if self.user_can_authenticate(user) else None
