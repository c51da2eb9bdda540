from flask.cli import AppGroup

speakers_cli = AppGroup("speakers", help="Speaker profiles.")
