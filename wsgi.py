"""WSGI entry point: `gunicorn wsgi:app`; the flask CLI finds `app` here by itself."""
from eventapp import create_app

app = create_app()
