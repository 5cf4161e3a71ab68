"""The site's date formats for the "en" locale, which Django reads before the settings.

The values live in config/settings.py; Django's own "en" module would otherwise win
("Aug. 13, 2026"). Input formats and number formats still come from Django's "en" module.
"""

from django.conf import settings

DATE_FORMAT = settings.DATE_FORMAT
SHORT_DATE_FORMAT = settings.SHORT_DATE_FORMAT
MONTH_DAY_FORMAT = settings.MONTH_DAY_FORMAT
DATETIME_FORMAT = settings.DATETIME_FORMAT
SHORT_DATETIME_FORMAT = settings.SHORT_DATETIME_FORMAT
