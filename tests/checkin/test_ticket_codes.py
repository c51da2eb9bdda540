"""The QR codes handed to attendees are ones the station can read: full QR codes.

segno.make picks a Micro QR for a 16-character code; phone cameras, the browser's
BarcodeDetector and jsQR read only full QR codes (version 1 and up: 21 modules or more,
in steps of 4; a Micro QR has 11 to 17).
"""
import io

from PIL import Image

from eventapp.registration.emails import ticket_qr_png
from tests.checkin.helpers import ticket_code

SCALE, BORDER = 6, 4


def test_the_ticket_email_carries_a_full_qr_code(app):
    for _ in range(20):
        width, height = Image.open(io.BytesIO(ticket_qr_png(ticket_code()))).size
        modules = width // SCALE - 2 * BORDER
        assert width == height
        assert modules >= 21 and (modules - 21) % 4 == 0, modules
