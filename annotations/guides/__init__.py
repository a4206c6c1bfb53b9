"""Study guides: every passage on one topic (a tag), in one scope, merged and counted."""
