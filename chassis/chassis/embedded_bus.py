"""The in-process bus of the embedded mode: kombu's memory transport, fixed for Nameko.

Use ``AMQP_URI: embedded://localhost/`` once this module is imported. Two differences
from kombu's memory transport: delivered messages carry ``content_type`` and
``content_encoding`` in ``message.properties`` (where Nameko's RPC reply
reads them), and the polling interval is 1 ms instead of 1 s (which would
make every RPC take a second).
"""

import kombu.transport
from kombu.transport import memory
from kombu.transport.virtual import base

POLLING_INTERVAL = 0.001


class EmbeddedMessage(base.Message):
    def __init__(self, payload, channel=None, **kwargs):
        super().__init__(payload, channel=channel, **kwargs)
        self.properties.setdefault("content_type", self.content_type)
        self.properties.setdefault("content_encoding", self.content_encoding)


class Channel(memory.Channel):
    Message = EmbeddedMessage


class Transport(memory.Transport):
    Channel = Channel
    polling_interval = POLLING_INTERVAL
    driver_type = driver_name = "embedded"


def reset():
    """Forgets every queue and binding; tests call it between runs."""
    for queue in memory.Channel.queues.values():
        queue.queue.clear()
    memory.Channel.queues.clear()
    memory.Channel.events.clear()
    Transport.global_state.clear()


kombu.transport.TRANSPORT_ALIASES["embedded"] = __name__ + ":Transport"
