"""The organizers' workspace: the shell every capability's management pages hang under.

`bp` is the parent blueprint (/workspace) with the one guard of the workspace; each
capability keeps its own management views in its package (`<capability>/manage.py`) on a
blueprint of its own, which `routes` attaches here. The shell itself has the home page, an
event's dashboard and the audit log.
"""
from flask import Blueprint

bp = Blueprint("workspace", __name__, url_prefix="/workspace")
