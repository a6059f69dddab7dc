from flask import Blueprint

bp = Blueprint("cases", __name__)


def case_rules():
    """The case rules read from the configuration at start-up (monitor/cases/deadlines.py)."""
    from flask import current_app

    return current_app.extensions["case_rules"]
