"""Whether the application has an endpoint, for templates that link to optional pages.

Templates write `{% if has_endpoint('workspace.mailings.mailings') %}` before linking to a page.
A name that matches no endpoint is a mistake (a view renamed or removed and a template
forgotten), not a page that is turned off: under tests or in debug mode it raises, so that
the mistake shows at once; in production the link is left out and a warning is logged.
"""
from flask import current_app


def has_endpoint(name: str) -> bool:
    """True when the current app has an endpoint called `name`.

    When it has none: raises LookupError if the app is testing or debugging, and otherwise
    logs a warning and returns False.
    """
    if name is not None:  # iter_rules(None) would be every rule
        try:
            current_app.url_map.iter_rules(name)
        except KeyError:
            pass
        else:
            return True
    if current_app.testing or current_app.debug:
        raise LookupError(f"no endpoint named {name!r}: renamed or removed?")
    current_app.logger.warning("Template asks for an endpoint that does not exist: %r", name)
    return False
