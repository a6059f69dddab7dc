from flask import Blueprint

bp = Blueprint("audit", __name__)

from monitor.audit import routes  # noqa: E402,F401
