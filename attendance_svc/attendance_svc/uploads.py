"""Group commit of device uploads.

At the morning rush every terminal uploads as it reads a card, and each upload alone would be a transaction of its
own: its device's row locked, its nonce kept, its records chained and inserted, their events added to the outbox,
a commit. Uploads that arrive while a transaction is being written wait for it and are written together in the
next one, so that under a rush one transaction carries many uploads, and an upload that finds nothing being written
is written at once. Each upload is still answered only once the transaction holding its records has committed.
"""

from eventlet.event import Event
from nameko.extensions import DependencyProvider


class Upload:
    """One request's records for one device, waiting to be written (``records`` as loaded, each with its request's
    signature under ``_signature``)."""

    __slots__ = ("device_id", "records", "now", "nonce", "answer", "refusal", "settled", "turn")

    def __init__(self, device_id, records, now, nonce=None):
        self.device_id, self.records, self.now, self.nonce = device_id, records, now, nonce
        self.answer = self.refusal = None
        self.settled = False
        self.turn = Event()  # sent once: when the upload is settled, or when it is its turn to write

    def settle(self, answer=None, refusal=None):
        self.answer, self.refusal, self.settled = answer, refusal, True

    def result(self):
        if self.refusal is not None:
            raise self.refusal
        return self.answer


class UploadBatches(DependencyProvider):
    """The uploads waiting to be written, one writer at a time.

    Nameko's workers are green threads of one hub: the list and the flag change between yields only, so no lock
    is needed. A writer takes everything waiting (its own upload included), writes it with ``write_batch`` (which
    settles each upload), wakes those it wrote, and hands the turn to the first upload that arrived meanwhile."""

    def setup(self):
        self.waiting: list[Upload] = []
        self.writing = False

    def get_dependency(self, worker_ctx):
        return self

    def store(self, upload: Upload, write_batch):
        """``upload``'s answer once written with whatever waits beside it; raises its refusal."""
        self.waiting.append(upload)
        if self.writing:
            upload.turn.wait()
            if upload.settled:
                return upload.result()
        self.writing = True
        batch, self.waiting = self.waiting, []
        try:
            write_batch(batch)
        except Exception as error:  # noqa: BLE001 — each upload of the batch is refused with it
            for each in batch:
                if not each.settled:
                    each.settle(refusal=error)
        finally:
            for each in batch:
                if not each.settled:  # the writer was killed: none of them is written
                    each.settle(refusal=RuntimeError("the upload was not written"))
                if each is not upload:
                    each.turn.send()
            if self.waiting:
                self.waiting[0].turn.send()
            else:
                self.writing = False
        return upload.result()
