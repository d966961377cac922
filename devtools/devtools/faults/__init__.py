"""The fault suite (``make faults``): the distributed platform under write load while its parts fail.

It runs on a RabbitMQ node and a PostgreSQL cluster of its own (``infrastructure``), so that it may stop
and restart them without touching the broker and database that everything else on the machine uses.
"""
