from flask import Blueprint, current_app

bp = Blueprint("cases", __name__)


def case_rules():
    """The case rules read from the configuration at start-up (monitor/cases/deadlines.py)."""
    return current_app.extensions["case_rules"]
