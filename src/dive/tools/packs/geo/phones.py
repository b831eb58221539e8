"""Phone numbers (phonenumbers, Google's libphonenumber metadata): parse, validate, format, look up."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import phonenumbers
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumberFormat, PhoneNumberType, ValidationResult
from typing_extensions import TypedDict

from dive.errors import ToolError
from dive.tools.packs.geo._common import CountryCode, Limit, alpha2, country_name, meta, resolve_country
from dive.tools.tool import Sem, tool

__all__ = ["TOOLS"]

_META = meta("phonenumbers")

Phone = Annotated[str, Sem("phone_number")]
Region = Annotated[str | None, Sem("country_code")]

_TYPE_NAMES = {getattr(PhoneNumberType, n): n.lower() for n in dir(PhoneNumberType) if n.isupper()}
_TYPES_BY_NAME = {v: k for k, v in _TYPE_NAMES.items()}
_REASONS = {getattr(ValidationResult, n): n.lower() for n in dir(ValidationResult) if n.isupper()}
_FORMATS = {
    "e164": PhoneNumberFormat.E164,
    "international": PhoneNumberFormat.INTERNATIONAL,
    "national": PhoneNumberFormat.NATIONAL,
    "rfc3966": PhoneNumberFormat.RFC3966,
}


def _region(region: str | None) -> str | None:
    return alpha2(region) if region else None


def _parse(number: str, region: str | None) -> Any:
    try:
        return phonenumbers.parse(number, _region(region))
    except NumberParseException as exc:
        if exc.error_type == NumberParseException.INVALID_COUNTRY_CODE:
            raise ToolError(
                f"cannot tell which country {number!r} belongs to: write it with a leading + and the country "
                "calling code (e.g. '+33 1 42 68 53 00') or give the region (e.g. 'FR')"
            ) from None
        raise ToolError(f"{number!r} is not a phone number: {exc._msg}") from None


def _country_of(num: Any) -> str | None:
    region = phonenumbers.region_code_for_number(num)
    return region if region and region != "001" and region != "ZZ" else None


class ParsedPhone(TypedDict):
    e164: Annotated[str, Sem("phone_number")]
    country_code: Annotated[str | None, Sem("country_code")]
    calling_code: Annotated[str, Sem("calling_code")]
    national_number: str
    extension: str | None
    number_type: Annotated[str, Sem("phone_number_type")]
    is_valid: bool
    is_possible: bool


@tool(kind="P", examples=[{"number": "+33 1 42 68 53 00"}, {"number": "(650) 253-0000", "region": "US"}], **_META)
def phone_parse(number: Phone, region: Region = None) -> ParsedPhone:
    """Parse a phone number written in any common style into its parts: E.164 form, country (ISO alpha-2),
    country calling code, national number, extension and line type (mobile, fixed_line, toll_free...).
    Numbers without a leading + need the region they are dialled from.

    Args:
        number: the phone number as written, e.g. "+44 20 7946 0958" or "020 7946 0958".
        region: ISO alpha-2 code of the country the number is written for; needed without a leading +.
    """
    num = _parse(number, region)
    return {
        "e164": phonenumbers.format_number(num, PhoneNumberFormat.E164),
        "country_code": _country_of(num),
        "calling_code": str(num.country_code),
        "national_number": str(num.national_number),
        "extension": num.extension or None,
        "number_type": _TYPE_NAMES.get(phonenumbers.number_type(num), "unknown"),
        "is_valid": phonenumbers.is_valid_number(num),
        "is_possible": phonenumbers.is_possible_number(num),
    }


class PhoneValidity(TypedDict):
    number: Annotated[str, Sem("phone_number")]
    is_valid: bool
    is_possible: bool
    reason: str
    valid_for_region: bool | None


@tool(kind="P", examples=[{"number": "+1 650 253 0000"}, {"number": "+33 1 42", "region": "FR"}], **_META)
def phone_validate(number: Phone, region: Region = None) -> PhoneValidity:
    """Check whether a phone number is valid (a real, assignable number pattern) and possible (a plausible
    length), with the reason when it is not: too_short, too_long, invalid_length or invalid_country_code.
    With a region, also says whether the number is valid in that country.

    Args:
        number: the phone number, ideally with a leading + and country calling code.
        region: ISO alpha-2 code; used to read numbers without + and to check validity there.
    """
    num = _parse(number, region)
    reason = phonenumbers.is_possible_number_with_reason(num)
    return {
        "number": phonenumbers.format_number(num, PhoneNumberFormat.E164),
        "is_valid": phonenumbers.is_valid_number(num),
        "is_possible": phonenumbers.is_possible_number(num),
        "reason": _REASONS.get(reason, "unknown"),
        "valid_for_region": phonenumbers.is_valid_number_for_region(num, _region(region)) if region else None,
    }


class FormattedPhone(TypedDict):
    formatted: Annotated[str, Sem("phone_number")]
    style: str


@tool(kind="P", examples=[{"number": "+442079460958", "style": "national"}, {"number": "0612345678", "region": "FR"}],
      **_META)
def phone_format(number: Phone, style: Literal["e164", "international", "national", "rfc3966"] = "international",
                 region: Region = None) -> FormattedPhone:
    """Reformat a phone number in a standard style: "e164" (+442079460958), "international"
    (+44 20 7946 0958), "national" (020 7946 0958) or "rfc3966" (tel:+44-20-7946-0958).

    Args:
        number: the phone number as written.
        style: the output style.
        region: ISO alpha-2 code; needed when the number has no leading +.
    """
    num = _parse(number, region)
    return {"formatted": phonenumbers.format_number(num, _FORMATS[style]), "style": style}


class PhoneDetails(TypedDict):
    e164: Annotated[str, Sem("phone_number")]
    country_code: Annotated[str | None, Sem("country_code")]
    location: Annotated[str | None, Sem("text")]
    carrier: Annotated[str | None, Sem("carrier_name")]
    timezones: list[Annotated[str, Sem("timezone")]]
    number_type: Annotated[str, Sem("phone_number_type")]
    is_valid: bool


@tool(kind="R", examples=[{"number": "+1 650 253 0000"}, {"number": "+41 79 123 45 67"}, {"number": "+81 3-1234-5678",
                                                                                         "language": "ja"}], **_META)
def phone_number_details(number: Phone, region: Region = None,
                         language: Annotated[str, Sem("language_code")] = "en") -> PhoneDetails:
    """Look up what a phone number's prefix reveals: the place it is registered to (city or region for
    landlines), the original mobile carrier, its IANA time zones and its line type. Carriers may be out of
    date where numbers can be ported.

    Args:
        number: the phone number, ideally with a leading + and country calling code.
        region: ISO alpha-2 code; needed when the number has no leading +.
        language: language code for the place and carrier names, e.g. "en", "de", "ja".
    """
    from phonenumbers import carrier, geocoder, timezone

    num = _parse(number, region)
    lang = language.strip().replace("-", "_").split("_")[0].lower() or "en"
    zones = [z for z in timezone.time_zones_for_number(num) if z != "Etc/Unknown"]
    return {
        "e164": phonenumbers.format_number(num, PhoneNumberFormat.E164),
        "country_code": _country_of(num),
        "location": geocoder.description_for_number(num, lang) or None,
        "carrier": carrier.name_for_number(num, lang) or None,
        "timezones": zones,
        "number_type": _TYPE_NAMES.get(phonenumbers.number_type(num), "unknown"),
        "is_valid": phonenumbers.is_valid_number(num),
    }


class ExampleNumber(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    number_type: Annotated[str, Sem("phone_number_type")]
    e164: Annotated[str, Sem("phone_number")]
    international: str
    national: str


@tool(kind="R", examples=[{"country": "DE"}, {"country": "US", "number_type": "toll_free"}], **_META)
def phone_example_number(
    country: CountryCode,
    number_type: Annotated[
        Literal["mobile", "fixed_line", "toll_free", "premium_rate", "shared_cost", "voip", "personal_number",
                "pager", "uan", "voicemail"],
        Sem("phone_number_type"),
    ] = "mobile",
) -> ExampleNumber:
    """Get an example phone number of a given line type for a country, in E.164, international and national
    formats, to show what numbers there look like (length, grouping, trunk prefix).

    Args:
        country: ISO alpha-2 code such as "DE".
        number_type: the kind of line, e.g. "mobile", "fixed_line", "toll_free".
    """
    code = alpha2(country)
    num = phonenumbers.example_number_for_type(code, _TYPES_BY_NAME[number_type])
    if num is None:
        raise ToolError(f"libphonenumber has no example {number_type} number for {code}; try 'mobile' or 'fixed_line'")
    return {
        "country_code": code,
        "number_type": number_type,
        "e164": phonenumbers.format_number(num, PhoneNumberFormat.E164),
        "international": phonenumbers.format_number(num, PhoneNumberFormat.INTERNATIONAL),
        "national": phonenumbers.format_number(num, PhoneNumberFormat.NATIONAL),
    }


class DialingInfo(TypedDict):
    country_code: Annotated[str, Sem("country_code")]
    calling_code: Annotated[str, Sem("calling_code")]
    international_prefix: str | None
    national_prefix: str | None
    shares_calling_code_with: list[Annotated[str, Sem("country_code")]]


@tool(kind="R", examples=[{"country": "FR"}, {"country": "AU"}, {"country": "CA"}], **_META)
def country_dialing_info(country: CountryCode) -> DialingInfo:
    """Get how to dial a country and from it: its international calling code (+33 for France), the exit prefix
    used to call abroad from it ("00", "011" in North America), its trunk prefix for national calls ("0") and
    the other countries that share its calling code.

    Args:
        country: ISO alpha-2 code such as "FR".
    """
    iso = resolve_country(country)
    md = PhoneMetadata.metadata_for_region(iso.alpha_2)
    if md is None:
        raise ToolError(f"libphonenumber has no dialing plan for {iso.alpha_2} ({country_name(iso)})")
    intl = md.preferred_international_prefix or md.international_prefix
    if intl and not intl.isdigit():
        intl = md.preferred_international_prefix
    others = [r for r in phonenumbers.region_codes_for_country_code(md.country_code) if r != iso.alpha_2]
    return {
        "country_code": iso.alpha_2,
        "calling_code": str(md.country_code),
        "international_prefix": intl or None,
        "national_prefix": md.national_prefix or None,
        "shares_calling_code_with": others[:50],
    }


class CallingCodeCountries(TypedDict):
    calling_code: Annotated[str, Sem("calling_code")]
    main_country: Annotated[str | None, Sem("country_code")]
    countries: list[Annotated[str, Sem("country_code")]]
    non_geographic: bool


@tool(kind="R", examples=[{"calling_code": "44"}, {"calling_code": "+1"}], **_META)
def calling_code_countries(calling_code: Annotated[str, Sem("calling_code")]) -> CallingCodeCountries:
    """List the countries that use an international calling code, e.g. 44 -> GB, GG, IM, JE; 1 -> the US, Canada
    and the Caribbean (NANP). Non-geographic codes (800, 870...) have no country.

    Args:
        calling_code: the calling code, with or without "+", e.g. "33" or "+1".
    """
    text = calling_code.strip().lstrip("+").replace(" ", "")
    if not text.isdigit():
        raise ToolError(f"calling code must be digits such as '33' or '+1', got {calling_code!r}")
    regions = [r for r in phonenumbers.region_codes_for_country_code(int(text))]
    if not regions:
        raise ToolError(f"+{text} is not an assigned international calling code")
    countries = [r for r in regions if r != "001"]
    main = phonenumbers.region_code_for_country_code(int(text))
    return {
        "calling_code": text,
        "main_country": main if main not in ("001", "ZZ") else None,
        "countries": countries,
        "non_geographic": not countries,
    }


class DialFrom(TypedDict):
    dial: Annotated[str, Sem("phone_number")]
    from_country: Annotated[str, Sem("country_code")]
    is_domestic: bool


@tool(kind="P", examples=[{"number": "+33 1 42 68 53 00", "from_country": "US"},
                          {"number": "+44 20 7946 0958", "from_country": "GB"}], **_META)
def phone_dial_from(number: Phone, from_country: CountryCode, region: Region = None) -> DialFrom:
    """Show exactly what to dial to reach a number from a given country, with that country's exit prefix
    (e.g. "011 33 1 42 68 53 00" from the US) or in national format when the call is domestic.

    Args:
        number: the number to call, ideally with a leading + and country calling code.
        from_country: ISO alpha-2 code of the country the call is made from.
        region: ISO alpha-2 code; needed when the number has no leading +.
    """
    num = _parse(number, region)
    src = alpha2(from_country)
    return {
        "dial": phonenumbers.format_out_of_country_calling_number(num, src),
        "from_country": src,
        "is_domestic": _country_of(num) == src,
    }


class FoundPhone(TypedDict):
    raw: str
    e164: Annotated[str, Sem("phone_number")]
    country_code: Annotated[str | None, Sem("country_code")]
    is_valid: bool


class FoundPhones(TypedDict):
    count: int
    numbers: list[FoundPhone]


@tool(kind="P", examples=[{"text": "Call 650-253-0000 or +44 20 7946 0958 today.", "region": "US"}], **_META)
def extract_phone_numbers(text: Annotated[str, Sem("text")], region: Annotated[str, Sem("country_code")] = "US",
                          limit: Limit = 20) -> FoundPhones:
    """Find the phone numbers in a piece of text and normalize each to E.164 with its country. Numbers
    written without + are read as numbers of the given region.

    Args:
        text: free text that may contain phone numbers.
        region: ISO alpha-2 code used for numbers written without a leading +.
        limit: most numbers to return.
    """
    found: list[FoundPhone] = []
    for match in phonenumbers.PhoneNumberMatcher(text, alpha2(region)):
        num = match.number
        found.append({
            "raw": match.raw_string,
            "e164": phonenumbers.format_number(num, PhoneNumberFormat.E164),
            "country_code": _country_of(num),
            "is_valid": phonenumbers.is_valid_number(num),
        })
        if len(found) >= limit:
            break
    return {"count": len(found), "numbers": found}


TOOLS = [phone_parse, phone_validate, phone_format, phone_number_details, phone_example_number, country_dialing_info,
         calling_code_countries, phone_dial_from, extract_phone_numbers]
