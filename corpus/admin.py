from django.contrib import admin

from corpus.models import Document, DocumentVersion, Paragraph, Section


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    fk_name = "document"
    fields = ["number", "content_hash", "source_name", "ingested_at", "word_count"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        # Versions come from `manage.py ingest`, which keeps the text coordinates right.
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "author", "publisher", "published", "updated"]
    search_fields = ["title", "slug", "author", "publisher"]
    readonly_fields = ["current_version", "created"]
    inlines = [DocumentVersionInline]


# Stored text and offsets must stay consistent, so versions and their parts are read-only here.
class ReadOnlyAdmin(admin.ModelAdmin):
    # A version's text can be a whole book; lists need none of it.
    deferred_fields: list[str] = []

    def get_queryset(self, request):
        return super().get_queryset(request).defer(*self.deferred_fields)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnlyAdmin):
    list_display = ["document", "number", "source_name", "ingested_at", "word_count"]
    list_select_related = ["document"]
    search_fields = ["document__title", "document__slug", "source_name", "content_hash"]
    deferred_fields = ["text"]


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "version", "order", "level", "first_ordinal", "last_ordinal"]
    list_select_related = ["version__document"]
    search_fields = ["title", "version__document__slug"]
    deferred_fields = ["version__text", "version__report"]


@admin.register(Paragraph)
class ParagraphAdmin(ReadOnlyAdmin):
    list_display = ["ordinal", "kind", "version", "section", "__str__"]
    list_filter = ["kind"]
    list_select_related = ["version__document", "section"]
    search_fields = ["text", "version__document__slug"]
    deferred_fields = ["version__text", "version__report"]
