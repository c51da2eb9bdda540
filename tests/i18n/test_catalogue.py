"""The Vietnamese catalogue is complete, consistent and up to date with the code."""
import subprocess
import sys

from babel.messages.pofile import read_po

from tests.i18n.catalogue import PO, ROOT, read_catalogue


def _ids(message) -> tuple:
    return (message.context, message.id)


def test_every_message_has_a_vietnamese_translation_and_none_is_fuzzy():
    catalogue = read_catalogue()
    assert not catalogue.fuzzy, "the catalogue's header is marked fuzzy"
    untranslated, fuzzy = [], []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s.strip() for s in strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy (check and remove the flag): {fuzzy}"


def test_vietnamese_has_one_plural_form():
    catalogue = read_catalogue()
    assert catalogue.num_plurals == 1
    assert catalogue.plural_expr == "0"


def test_translations_keep_the_placeholders_of_the_english():
    # Babel's own checks: the same %(name)s placeholders, nothing the code does not pass.
    problems = [
        (message.id, [str(error) for error in errors])
        for message, errors in read_catalogue().check()
        if errors
    ]
    assert not problems


def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    """Extract the strings as `make messages` does: none may be missing from the .po."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable, "-m", "babel.messages.frontend", "extract",
            "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        extracted = {_ids(m) for m in read_po(fh) if m.id}
    in_catalogue = {_ids(m) for m in read_catalogue() if m.id}
    missing = sorted(extracted - in_catalogue, key=str)
    assert not missing, (
        f"{len(missing)} string(s) of the code are not in {PO.relative_to(ROOT)}: run "
        f"`make messages` and translate them.\n" + "\n".join(str(m) for m in missing)
    )
