from flask import Blueprint

bp = Blueprint("auth", __name__)

from monitor.auth import routes, twofactor_routes  # noqa: E402,F401
