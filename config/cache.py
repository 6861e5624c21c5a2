"""Django's Redis cache backend, keeping its redis-py client instead of building one per call.

`django.core.cache.backends.redis.RedisCacheClient.get_client` constructs a new `redis.Redis`
for every cache operation. The connection pool is reused, but with redis-py 8 the constructor
alone (its response-callback table, its event dispatcher) costs about 0.25 ms: more than the
round trip to Redis on the loopback interface, and paid by every session read and every cached
answer (docs/performance.md). A `redis.Redis` is safe to share, and Django already gives each
thread its own cache backend instance, so one client per server index is kept and reused.
"""
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(self._servers[index], **self._pool_options)
            client = self._clients[index] = self._client(connection_pool=self._pools[index])
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
