"""Event day at the door: the check-in station for check-in staff."""
from flask import Blueprint

bp = Blueprint("checkin", __name__, url_prefix="/checkin")
