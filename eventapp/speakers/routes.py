from flask import abort, render_template

from eventapp import page_cache
from eventapp.events.routes import public_event_or_404
from eventapp.page_cache import cached_page
from eventapp.programme.services import PROGRAMME, programme_version
from eventapp.speakers import bp
from eventapp.speakers.services import (
    PROFILE,
    SpeakerNotFound,
    event_speakers,
    get_public_speaker,
    profile_version,
    public_appearances,
)

# The speakers of an event are those of its programme: its fingerprint covers them.
page_cache.keep(r"/events/([^/]+)/speakers", "speakers.event_speakers_page", PROGRAMME)
page_cache.keep(r"/speakers/([^/]+)", "speakers.profile", PROFILE)


@bp.get("/events/<slug>/speakers")
def event_speakers_page(slug: str):
    # The speakers are those of the programme: its fingerprint covers them.
    version = programme_version(slug)
    if version is None:
        abort(404)

    def render():
        event = public_event_or_404(slug)
        return render_template("speakers/index.html", event=event, speakers=event_speakers(event))

    return cached_page(version, render)


@bp.get("/speakers/<slug>")
def profile(slug: str):
    version = profile_version(slug)
    if version is None:
        abort(404)

    def render():
        # A speaker with no part in a published event is not found (and never kept).
        try:
            speaker = get_public_speaker(slug)
        except SpeakerNotFound:
            abort(404)
        return render_template(
            "speakers/profile.html", speaker=speaker, appearances=public_appearances(speaker)
        )

    return cached_page(version, render)
