"""Builds the package (pyproject.toml says what it is), compiling the translation catalogues
(.po → .mo) into it on the way, so that an installed eventapp speaks Vietnamese too."""
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogues(build_py):
    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in Path("eventapp/translations").glob("*/LC_MESSAGES/messages.po"):
            target = Path(self.build_lib) / po.with_suffix(".mo")
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalogue = read_po(source)
            with target.open("wb") as compiled:
                write_mo(compiled, catalogue)


setup(cmdclass={"build_py": BuildWithCatalogues})
