from flask import abort, render_template

from eventapp.events.routes import public_event_or_404
from eventapp.speakers import bp
from eventapp.speakers.services import (
    SpeakerNotFound,
    event_speakers,
    get_public_speaker,
    public_appearances,
)


@bp.get("/events/<slug>/speakers")
def event_speakers_page(slug: str):
    event = public_event_or_404(slug)
    return render_template("speakers/index.html", event=event, speakers=event_speakers(event))


@bp.get("/speakers/<slug>")
def profile(slug: str):
    try:
        speaker = get_public_speaker(slug)
    except SpeakerNotFound:
        abort(404)
    return render_template(
        "speakers/profile.html", speaker=speaker, appearances=public_appearances(speaker)
    )
