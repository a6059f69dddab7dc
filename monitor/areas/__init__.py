from flask import Blueprint

bp = Blueprint("areas", __name__, url_prefix="/areas")
