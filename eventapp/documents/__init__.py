"""Printable documents: tickets, name badges and certificates of attendance, as PDF."""
from flask import Blueprint

bp = Blueprint("documents", __name__)
