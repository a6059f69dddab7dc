from flask import Blueprint

bp = Blueprint("registry", __name__)

from monitor.registry import routes  # noqa: E402,F401
