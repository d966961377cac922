"""Group commit of uploads (attendance_svc.uploads): green threads as Nameko's workers are, a writer that yields as a
database round trip does; no broker, no database."""

import eventlet
import pytest

from attendance_svc.uploads import Upload, UploadBatches


class Writer:
    """Writes a batch by settling each upload with its records and the batch's number; yields as I/O does."""

    def __init__(self, failing=()):
        self.batches, self.failing = [], set(failing)

    def __call__(self, uploads):
        self.batches.append([upload.records for upload in uploads])
        eventlet.sleep(0.01)
        if self.failing & {upload.records for upload in uploads}:
            raise RuntimeError("the database went away")
        for upload in uploads:
            upload.settle(answer=(upload.records, len(self.batches)))


def batches():
    provider = UploadBatches()
    provider.setup()
    return provider


def send_at_once(provider, writer, names):
    def store(name):
        try:
            return provider.store(Upload(1, name, now=None), writer)
        except RuntimeError as refusal:
            return str(refusal)

    pool = eventlet.GreenPool()
    threads = [pool.spawn(store, name) for name in names]
    return [thread.wait() for thread in threads]


def test_an_upload_that_finds_nothing_being_written_is_written_at_once_and_alone():
    provider, writer = batches(), Writer()
    assert provider.store(Upload(1, "a", now=None), writer) == ("a", 1)
    assert provider.store(Upload(1, "b", now=None), writer) == ("b", 2)
    assert writer.batches == [["a"], ["b"]]
    assert (provider.waiting, provider.writing) == ([], False)


def test_uploads_arriving_while_one_is_written_are_written_together_next_each_with_its_own_answer():
    provider, writer = batches(), Writer()
    answers = send_at_once(provider, writer, ["a", "b", "c", "d", "e"])
    assert writer.batches == [["a"], ["b", "c", "d", "e"]]
    assert answers == [("a", 1), ("b", 2), ("c", 2), ("d", 2), ("e", 2)]
    assert (provider.waiting, provider.writing) == ([], False)


def test_a_failed_batch_refuses_its_own_uploads_only_and_the_next_writer_takes_over():
    provider, writer = batches(), Writer(failing={"b"})
    answers = send_at_once(provider, writer, ["a", "b", "c"])
    assert answers == [("a", 1), "the database went away", "the database went away"]
    assert provider.store(Upload(1, "d", now=None), writer) == ("d", 3)


def test_an_upload_is_refused_with_its_own_refusal():
    provider = batches()

    def refuse(uploads):
        uploads[0].settle(refusal=LookupError("this nonce was used already"))

    with pytest.raises(LookupError, match="nonce"):
        provider.store(Upload(1, "a", now=None), refuse)
    assert provider.writing is False
