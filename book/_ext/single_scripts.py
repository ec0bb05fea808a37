"""Sphinx extension: each script once per page.

sphinx-thebe (loaded by Jupyter Book) registers its inline configuration script on every
``env-before-read-docs`` event, which fires more than once in a build; a page that declares
``const THEBE_JS_URL`` twice logs a SyntaxError in the reader's console. This drops repeats.
"""


def _drop_repeated_scripts(app, pagename, templatename, context, doctree):
    seen, kept = set(), []
    for script in context.get("script_files", []):
        key = (getattr(script, "filename", None) or "", getattr(script, "attributes", {}).get("body"))
        if key not in seen:
            seen.add(key)
            kept.append(script)
    context["script_files"] = kept


def setup(app):
    app.connect("html-page-context", _drop_repeated_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
