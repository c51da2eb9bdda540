"""Emails in the reader's language, from templates other capabilities extend."""
from datetime import UTC, datetime

from eventapp.mail.services import render_email

# A Tuesday, 09:00 in Hanoi.
MOMENT = datetime(2031, 3, 18, 2, 0, tzinfo=UTC)


def test_an_email_renders_in_the_language_asked_for(app):
    subject, text, html = render_email("outbox_test", "vi", backend="file", sent_on=MOMENT)

    assert subject == "Email thử nghiệm từ eventapp"
    assert "tháng 3" in text and "2031" in text
    assert '<html lang="vi"' in html
    assert "tháng 3" in html
    assert "<title>Email thử nghiệm từ eventapp</title>" in html


def test_the_same_email_in_english(app):
    _subject, text, html = render_email("outbox_test", "en", backend="file", sent_on=MOMENT)
    assert "Tuesday, March 18, 2031" in text
    assert '<html lang="en"' in html


def test_no_locale_means_the_default_language(app):
    _subject, text, _html = render_email("outbox_test", None, backend="file", sent_on=MOMENT)
    assert "March" in text


def test_html_is_escaped_and_plain_text_is_not(app):
    _subject, text, html = render_email("outbox_test", "en", backend="<b>x</b>", sent_on=MOMENT)
    assert "(backend: <b>x</b>)" in text
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html


def test_the_subject_is_one_line_and_not_part_of_the_body(app):
    subject, text, _html = render_email("outbox_test", "en", backend="file", sent_on=MOMENT)
    assert "\n" not in subject
    assert not text.startswith(subject)
    assert text.rstrip().endswith("You can reply to it if you have a question.")
