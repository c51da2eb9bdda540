"""Words shown for the values of stored enumerations, in the visitor's language.

Each capability registers the labels of its own enumerations (in its models module), so
that this module, used by every template, depends on none of them.
"""
import enum

from flask_babel import lazy_gettext as _l

# Per enumeration: values of different enumerations may be equal strings ("other").
LABELS: dict[type, dict] = {}


def register_labels(enum_class: type[enum.Enum], labels: dict) -> None:
    missing = set(enum_class) - set(labels)
    if missing:
        raise ValueError(f"{enum_class.__name__}: no label for {sorted(missing)}")
    LABELS[enum_class] = labels


def label(value) -> str:
    return str(LABELS.get(type(value), {}).get(value, value))


class Honorific(enum.StrEnum):
    """How a person (a speaker, an attendee) is addressed."""

    NONE = "none"
    MR = "mr"
    MS = "ms"
    DR = "dr"
    ASSOC_PROF = "assoc_prof"
    # "PGS.TS." and "GS.TS." in Vietnamese: a professorship and a doctorate.
    ASSOC_PROF_DR = "assoc_prof_dr"
    PROF = "prof"
    PROF_DR = "prof_dr"


# Honorifics as they are written before a name; "none" writes nothing.
HONORIFICS = {
    Honorific.NONE: "",
    Honorific.MR: _l("Mr."),
    Honorific.MS: _l("Ms."),
    Honorific.DR: _l("Dr."),
    Honorific.ASSOC_PROF: _l("Assoc. Prof."),
    Honorific.ASSOC_PROF_DR: _l("Assoc. Prof. Dr."),
    Honorific.PROF: _l("Prof."),
    Honorific.PROF_DR: _l("Prof. Dr."),
}


def speaker_name(speaker) -> str:
    """The name as it is introduced: "Dr. Nguyễn Phương Hoa"."""
    title = str(HONORIFICS.get(speaker.honorific, ""))
    return f"{title} {speaker.full_name}".strip()
