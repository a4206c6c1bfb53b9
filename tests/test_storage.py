"""config/storage.py: `collectstatic` hashes the scripts' module imports as well as their names."""

import json
import re
from pathlib import Path, PurePosixPath

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

# The entry points the templates load as <script type="module">.
ENTRY_POINTS = [
    "js/annotate/main.js",
    "js/copy-link.js",
    "js/keys.js",
    "js/notebook.js",
    "js/position.js",
    "js/search-marks.js",
    "js/upload-progress.js",
]
IMPORT = re.compile(r"""^import\s[^;]*?\sfrom\s"([^"]+)";""", re.MULTILINE)


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """The static files as production collects them: the root and the manifest's paths."""
    root = tmp_path_factory.mktemp("static")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "config.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = json.loads((root / "staticfiles.json").read_text())
    return root, manifest["paths"]


def imports_of(path: Path) -> list[str]:
    return IMPORT.findall(path.read_text())


def resolved(importer: str, url: str) -> str:
    """A relative import's path among the static files, as the manifest names them."""
    parts: list[str] = []
    for part in (PurePosixPath(importer).parent / url).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def test_it_points_the_hashed_main_module_at_the_hashed_modules(collected):
    root, paths = collected
    source = settings.BASE_DIR / "static" / "js" / "annotate" / "main.js"
    main_path = "js/annotate/main.js"
    main = paths[main_path]

    # "./page.js" becomes "./page.<hash>.js": the same file, by its hashed name.
    expected = [
        url.rsplit("/", 1)[0] + "/" + PurePosixPath(paths[resolved(main_path, url)]).name
        for url in imports_of(source)
    ]
    hashed = imports_of(root / main)

    assert main != main_path
    assert len(expected) == source.read_text().count("\nimport ")
    assert hashed == expected


def test_every_module_imports_files_that_were_collected(collected):
    root, paths = collected
    hashed_names = set(paths.values())
    seen: set[str] = set()
    waiting = [paths[entry] for entry in ENTRY_POINTS]
    while waiting:
        module = waiting.pop()
        if module in seen:
            continue
        seen.add(module)
        for url in imports_of(root / module):
            imported = resolved(module, url)
            assert imported in hashed_names, f"{module} imports {url}, not a hashed name"
            assert (root / imported).is_file(), f"{module} imports {url}, which is missing"
            waiting.append(imported)

    sources = settings.BASE_DIR / "static"
    modules = {str(path.relative_to(sources)) for path in sources.glob("js/**/*.js")}
    assert {name for name, hashed in paths.items() if hashed in seen} == modules
