"""The upload limits, read from the settings in this one place (IDP_MAX_UPLOAD_MB, IDP_MAX_PAGES,
IDP_MAX_MEGAPIXELS): validation, the rasteriser, the form's and the API's help texts and the
upload page all take them from here, so changing a setting changes every one of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext

from .sniff import SUPPORTED


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_pages: int
    max_pixels: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            max_bytes=settings.IDP_MAX_UPLOAD_MB * 1024 * 1024,
            max_pages=settings.IDP_MAX_PAGES,
            max_pixels=settings.IDP_MAX_MEGAPIXELS * 1_000_000,
        )

    @property
    def max_mb(self) -> int:
        return self.max_bytes // 1024 // 1024


def _accepted_files() -> str:
    limits = Limits.from_settings()
    return gettext("%(types)s (up to %(pages)d pages), %(mb)d MB each.") % {
        "types": SUPPORTED, "pages": limits.max_pages, "mb": limits.max_mb}


# Lazy: a help text is declared at import, but must say the limits in force when it is shown.
accepted_files = lazy(_accepted_files, str)
