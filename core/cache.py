"""The site's cache on Redis, kept a cache: when Redis cannot be reached, a read is a miss and a
write is dropped (and logged), so an outage makes dashboards slower and lifts the upload limit for
a while, instead of failing every page that reads the cache (the upload page counts uploads there).
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


class ForgivingRedisCache(RedisCache):
    def _unreachable(self, action: str, error: RedisError) -> None:
        log.warning("cache %s skipped, Redis unreachable: %s", action, error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._unreachable("read", error)
            return default

    def set(self, key, value, timeout=None, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._unreachable("write", error)

    def add(self, key, value, timeout=None, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self._unreachable("write", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            self._unreachable("delete", error)
            return False
