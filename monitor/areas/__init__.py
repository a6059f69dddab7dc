from flask import Blueprint

bp = Blueprint("areas", __name__, url_prefix="/areas")

from monitor.areas import routes  # noqa: E402,F401
