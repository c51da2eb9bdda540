"""The rendered-page cache: public pages kept as rendered while their rows are unchanged,
and the WSGI middleware that serves them before Flask (see `middleware`)."""
from eventapp.page_cache.fingerprints import Fingerprint
from eventapp.page_cache.middleware import install
from eventapp.page_cache.pages import cached_page, keep, rendered_pages

__all__ = ["Fingerprint", "cached_page", "install", "keep", "rendered_pages"]
