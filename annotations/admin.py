from django.contrib import admin

from annotations.models import Annotation, Reply


@admin.register(Annotation)
class AnnotationAdmin(admin.ModelAdmin):
    list_display = ("id", "author", "document", "start", "end", "color", "visibility", "created")
    list_filter = ("visibility", "color")
    search_fields = ("exact", "comment", "author__username")
    raw_id_fields = ("author", "document", "version")


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ("id", "author", "annotation", "created")
    search_fields = ("body", "author__username")
    raw_id_fields = ("author", "annotation")
