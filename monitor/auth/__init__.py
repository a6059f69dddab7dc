from flask import Blueprint

bp = Blueprint("auth", __name__)

from monitor.auth import routes  # noqa: E402,F401
