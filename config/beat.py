"""The beat scheduler: django-celery-beat's DatabaseScheduler, sending only while it holds a lock in Redis.

Exactly one beat may send the schedule; a second one (started by mistake, or by a deployment that
scaled every process) would double every reminder sweep and digest. Each beat tries to take a lock
in the broker's Redis before every tick and renews it while it runs; a beat that does not hold it
sends nothing and tries again a few seconds later. If the holder dies, its lock expires after
LOCK_SECONDS and a waiting beat takes over, rereading the schedule (and each task's last run) from
the database first.
"""
from __future__ import annotations

import logging
import secrets

import redis
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)

LOCK_KEY = "catalyst:beat:lock"
#: A holder that stops renewing loses the lock after this long.
LOCK_SECONDS = 30
#: How often a beat without the lock tries again.
WAIT_SECONDS = 5

# Renew only our own lock, take it when free, atomically.
_HOLD = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
elseif not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class BeatLock:
    """A lock with a lease in Redis, held by one beat at a time."""

    def __init__(self, client: redis.Redis, *, key: str = LOCK_KEY, seconds: float = LOCK_SECONDS):
        self.client = client
        self.key = key
        self.milliseconds = int(seconds * 1000)
        self.token = secrets.token_hex(16)
        self._hold = client.register_script(_HOLD)
        self._release = client.register_script(_RELEASE)

    def hold(self) -> bool:
        """Take the lock, or renew it if it is ours; False while another beat holds it (or Redis is away)."""
        try:
            return bool(self._hold(keys=[self.key], args=[self.token, self.milliseconds]))
        except redis.RedisError as error:
            logger.warning("Beat lock: Redis cannot be reached (%s); sending nothing until it can.", error)
            return False

    def release(self) -> None:
        try:
            self._release(keys=[self.key], args=[self.token])
        except redis.RedisError:
            pass  # the lease runs out by itself


class LockedDatabaseScheduler(DatabaseScheduler):
    """DatabaseScheduler that ticks only while it holds the beat lock."""

    def __init__(self, *args, **kwargs):
        self.beat_lock: BeatLock | None = None
        self.holding = False
        self.waited = False
        super().__init__(*args, **kwargs)

    def _lock(self) -> BeatLock:
        if self.beat_lock is None:
            self.beat_lock = BeatLock(redis.Redis.from_url(self.app.conf.broker_url, socket_timeout=5))
        return self.beat_lock

    def tick(self, *args, **kwargs):
        if not self._lock().hold():
            if self.holding or not self.waited:
                logger.warning("Another beat holds the schedule lock: this beat waits and sends nothing.")
            self.holding, self.waited = False, True
            return WAIT_SECONDS
        if not self.holding and self.waited:
            logger.warning("Beat lock taken over: reading the schedule again before sending.")
            self._initial_read = True
            self._heap = None
        self.holding = True
        return min(super().tick(*args, **kwargs), WAIT_SECONDS)

    def close(self):
        try:
            super().close()
        finally:
            if self.beat_lock is not None and self.holding:
                self.beat_lock.release()
