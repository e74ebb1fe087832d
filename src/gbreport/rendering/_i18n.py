"""Locales: gettext catalogues for the fixed strings of a document, babel for numbers and dates.

The messages are keyed by their Chinese wording (the language of the format);
``zh_CN`` therefore needs no catalogue, and ``en`` reads the compiled catalogue
``gbreport/locale/en/LC_MESSAGES/gbreport.mo`` (built from the ``.po`` next to it).
Table labels and section headings are messages too, with the format version as
context; their entries are generated from the format declarations
(:mod:`gbreport.rendering._catalogue`), where the English is declared once.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Final, Literal

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from .._vector import Value
from ..errors import UnknownLocaleError
from ..formats import Kind, Label
from ..model import Contact

LocaleName = Literal["zh_CN", "en"]
LOCALES: Final[tuple[LocaleName, ...]] = ("zh_CN", "en")
DOMAIN: Final = "gbreport"


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it here."""
    return message


CONTACT_LABELS: Final[dict[str, str]] = {name: field.title or name for name, field in Contact.model_fields.items()}
"""The contact fields and their Chinese labels, as the model declares them."""

CONTACT_HEADING: Final = N_("联系方式")
"""The heading printed above the contact lines (the parser recognises it to read them back)."""

BLANK_NOTE: Final = N_("表中空白单元格为报告未填写的项目。")
"""The note printed after the tables when a cell is blank."""

# Every fixed string a document prints; the catalogue test checks that the .po has each one.
MESSAGES: Final[tuple[str, ...]] = (
    N_("{agency}{year}年政府信息公开工作年度报告"),
    N_("{agency}政府信息公开工作年度报告"),
    N_("{number}、{title}"),
    CONTACT_HEADING,
    *CONTACT_LABELS.values(),
    N_("{label}：{value}"),
    N_("元"),
    N_("万元"),
    N_("{value}{unit}"),
    BLANK_NOTE,
)

_ROMAN: Final = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def roman(number: int) -> str:
    """``number`` (1 or more) in Roman numerals."""
    out = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def check_locale(locale: str) -> LocaleName:
    for name in LOCALES:
        if locale == name:
            return name
    raise UnknownLocaleError(f"unknown locale {locale!r}; expected one of {', '.join(LOCALES)}")


def catalogue_path(locale: str) -> str:
    return f"locale/{locale}/LC_MESSAGES/{DOMAIN}"


@cache
def translations(locale: LocaleName) -> gettext.NullTranslations:
    """The gettext catalogue of ``locale`` (identity for ``zh_CN``)."""
    if locale == "zh_CN":
        return gettext.NullTranslations()
    data = files("gbreport").joinpath(catalogue_path(locale) + ".mo").read_bytes()
    return gettext.GNUTranslations(io.BytesIO(data))


@cache
def _babel(locale: LocaleName) -> Locale:
    return Locale.parse(locale)


_MEMO_LIMIT: Final = 100_000
"""Formatted integers kept per locale and value kind before the memo starts afresh."""


class Localizer:
    """Everything locale-dependent that a renderer needs, for one locale."""

    def __init__(self, locale: str) -> None:
        self.locale: LocaleName = check_locale(locale)
        self._translations = translations(self.locale)
        self._gettext = self._translations.gettext
        self._babel = _babel(self.locale)
        self._memo: dict[str, dict[int, str]] = {}
        self._dates: dict[dt.date, str] = {}

    def texts(self, values: Sequence[Value], positions: Sequence[int], kinds: Sequence[Kind], blank: str) -> list[str]:
        """The text of ``values[p]`` for each position ``p`` (value kind from ``kinds``); ``blank`` for None.

        Each integer is formatted once per value kind and kept: a report's few hundred
        cells repeat a handful of small numbers.
        """
        memo = self._memo
        out: list[str] = []
        append = out.append
        for p, kind in zip(positions, kinds, strict=True):
            value = values[p]
            if value is None:
                append(blank)
            elif type(value) is int:
                known = memo.get(kind)
                if known is None:
                    known = memo[kind] = {}
                text = known.get(value)
                if text is None:
                    if len(known) >= _MEMO_LIMIT:
                        known.clear()
                    text = known[value] = self.value(value, kind)
                append(text)
            else:  # Decimal amounts keep their own number of places: not memoised (1.0 == 1.00)
                append(self.value(value, kind))
        return out

    @property
    def lang(self) -> str:
        """The BCP 47 tag of the document language (``zh-CN`` or ``en``)."""
        return self.locale.replace("_", "-")

    def _(self, message: str, **fields: object) -> str:
        text = self._gettext(message)
        return text.format(**fields) if fields else text

    def label(self, label: Label, version: str) -> str:
        """A label of the format declaration of ``version``, from the catalogue of the locale.

        The catalogue's label entries are generated from the declaration
        (:mod:`gbreport.rendering._catalogue`); ``Label.en`` is the fallback should
        an entry be missing.
        """
        if self.locale == "zh_CN" or not label.zh:
            return label.zh
        text = self._translations.pgettext(version, label.zh)
        return label.en if text == label.zh else text

    def section_number(self, index: int, number: str) -> str:
        """``一`` … ``六`` in Chinese, ``I`` … ``VI`` in English."""
        return number if self.locale == "zh_CN" else roman(index + 1)

    def number(self, value: int) -> str:
        return format_decimal(value, format="#,##0", locale=self._babel)

    def signed(self, value: int) -> str:
        if value == 0:
            return self.number(0)
        return format_decimal(value, format="+#,##0;-#,##0", locale=self._babel)

    def money(self, value: Decimal) -> str:
        """An amount with exactly the decimals it has (``106.00`` stays ``106.00``)."""
        exponent = value.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=self._babel, decimal_quantization=True)

    def value(self, value: int | Decimal | None, kind: Kind, unit: str | None = None) -> str:
        """A cell value as printed; a blank cell (``None``) is the empty string, never 0."""
        if value is None:
            return ""
        if kind == "signed_count" and isinstance(value, int):
            return self.signed(value)
        if isinstance(value, Decimal):
            text = self.money(value)
            return self._("{value}{unit}", value=text, unit=self._(unit)) if unit else text
        return self.number(value)

    def date(self, value: dt.date) -> str:
        """``2021年1月20日`` / ``January 20, 2021``."""
        text = self._dates.get(value)
        if text is None:
            if len(self._dates) >= _MEMO_LIMIT:
                self._dates.clear()
            text = self._dates[value] = format_date(value, format="long", locale=self._babel)
        return text


_LOCALIZERS: dict[str, Localizer] = {}


def localizer(locale: str) -> Localizer:
    """The shared :class:`Localizer` of ``locale`` (:class:`UnknownLocaleError` for another locale)."""
    found = _LOCALIZERS.get(locale)
    if found is None:
        found = _LOCALIZERS[check_locale(locale)] = Localizer(locale)
    return found
