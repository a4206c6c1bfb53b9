"""A reading page's data (#annotation-data), its annotations read back from their rows
into objects, as static/js/annotate/store.js reads them (reader/views/reading.py,
annotation_rows): for the tests of pages."""

import json

_FLAGS = {"mine", "has_comment", "hidden", "review_requested"}
_NAMED = {"author", "circle"}


def page_data(page) -> dict:
    """``page``: a response or its HTML."""
    html = page if isinstance(page, str) else page.content.decode()
    start = html.index(">", html.index('<script id="annotation-data"')) + 1
    data = json.loads(html[start : html.index("</script>", start)])
    data["annotations"] = annotations_from_rows(data["annotations"])
    return data


def annotations_from_rows(table: dict) -> list[dict]:
    names = table["names"]
    annotations = []
    for row in table["rows"]:
        annotation = {}
        for field, value in zip(table["fields"], row, strict=False):
            if value is None:
                continue
            if field == "tags":
                value = [names[index] for index in value]
            elif field in _NAMED:
                value = names[value]
            elif field in _FLAGS:
                value = bool(value)
            annotation[field] = value
        annotations.append(annotation)
    return annotations
