"""The email written straight to bytes reads back, in a standard parser, as what was queued."""
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.header import decode_header

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventapp.mail.mime import envelope_for
from eventapp.mail.services import Attachment, enqueue, one_line

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3


def parse(message):
    envelope = envelope_for(message, message.attachments, datetime.now(UTC))
    return envelope.data, message_from_bytes(envelope.data, policy=policy.default)


def display_name(raw: bytes) -> str:
    """The name in To: as RFC 2047 reads it: whitespace between encoded words is dropped.

    (Python's own address parser keeps that whitespace inside a phrase, unlike mail clients.)
    """
    value = message_from_bytes(raw, policy=policy.compat32)["To"]
    if value.startswith("=?"):
        [(name, charset), (address, _)] = decode_header(value)
        assert (charset, address) == ("utf-8", b" <hoa@example.org>")
        return name.decode("utf-8")
    return message_from_bytes(raw, policy=policy.default)["To"].addresses[0].display_name


def expected_text(body: str) -> str:
    # As the email package writes a text part: only CR and LF end a line, and one ends it.
    return "".join(line.decode() + "\n" for line in body.encode().splitlines()) or "\n"


def assert_wire_safe(data: bytes) -> None:
    # 7-bit, CRLF line ends only, no line beyond what SMTP allows.
    assert data.isascii()
    lines = data.split(b"\r\n")
    assert all(b"\r" not in line and b"\n" not in line for line in lines)
    assert max(len(line) for line in lines) <= 998


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    subject=st.text(max_size=200),
    name=st.text(max_size=120),
    filename=st.text(max_size=255),
    text=st.text(max_size=400),
    html=st.one_of(st.none(), st.text(min_size=1, max_size=300)),
    data=st.binary(max_size=300),
)
def test_every_part_reads_back_as_queued(db, subject, name, filename, text, html, data):
    message = enqueue(
        "hoa@example.org", subject, text, html, to_name=name,
        attachments=[
            Attachment(filename, "text/calendar; method=PUBLISH", data),
            Attachment("qr.png", "image/png", PNG, content_id="qr-code"),
        ],
    )
    try:
        raw, email = parse(message)
        assert_wire_safe(raw)
        assert email["Subject"] == one_line(subject)[:500]
        [to] = email["To"].addresses
        assert to.addr_spec == "hoa@example.org"
        assert display_name(raw) == (message.to_name or "")
        plain = email.get_body(("plain",)).get_content().replace("\r\n", "\n")
        assert plain == expected_text(message.text_body)
        files = {part.get_filename(): part for part in email.iter_attachments()}
        calendar = files[message.attachments[0].filename]
        assert calendar.get_content_type() == "text/calendar"
        assert calendar.get_param("method") == "PUBLISH"
        assert calendar.get_payload(decode=True) == data
        if html:
            body = email.get_body(("html",)).get_content().replace("\r\n", "\n")
            assert body == expected_text(message.html_body)
            related = next(p for p in email.walk() if p.get_content_type() == "multipart/related")
            [image] = [p for p in related.iter_parts() if p["Content-ID"] == "<qr-code>"]
            assert image.get_content_disposition() == "inline"
            assert image.get_payload(decode=True) == PNG
        else:
            # Nothing could show it inline: it travels as a file.
            assert files["qr.png"].get_payload(decode=True) == PNG
    finally:
        db.session.rollback()


def test_long_vietnamese_subject_and_name_are_folded_into_short_lines(db):
    subject = "Xác nhận đăng ký – Hội thảo công nghiệp văn hóa và sáng tạo trong môi trường số " * 3
    message = enqueue("hoa@example.org", subject, "Xin chào\n", to_name="Nguyễn Phương Hoa " * 5)
    raw, email = parse(message)
    header_lines = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    assert max(len(line) for line in header_lines) <= 78
    assert email["Subject"] == one_line(subject)
    assert display_name(raw) == one_line("Nguyễn Phương Hoa " * 5)


def test_a_header_value_holding_a_line_break_stops_the_email(db):
    message = enqueue("hoa@example.org", "Hi", "Hi\n")
    message.message_id = "<a@example.org>\r\nBcc: evil@attacker.example"
    try:
        parse(message)
    except ValueError:
        pass
    else:
        raise AssertionError("a line break in the Message-ID was written into the email")
    finally:
        message.message_id = "<a@example.org>"
        db.session.rollback()
