"""The static files storage of production: WhiteNoise's hashed, compressed files."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names in the scripts' ``import … from "./x.js";`` too, so that a module
    loads the hashed files it was collected with (static/js/annotate/ is ES modules)."""

    support_js_module_import_aggregation = True
    # A module's hash changes with its imports' names, so each pass may settle only one
    # more level of the import graph (main.js is 9 deep); Django's 5 passes are too few.
    max_post_process_passes = 20
