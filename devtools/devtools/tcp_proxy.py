"""A TCP proxy a test can cut: a database "stops" for one service while the shared PostgreSQL keeps serving.

``cut()`` resets every open connection and refuses new ones, as a stopped server does; ``restore()`` listens
again on the same port, as a server that came back. Point a service at ``proxy.url_for(database_url)``.

The relay runs in a process of its own (``python -m devtools.tcp_proxy HOST PORT``, commands on stdin): in a
test process under eventlet its sockets would share the hub with the service's, which breaks when a file
descriptor it closed is reused by the service at once.
"""

import contextlib
import socket
import struct
import subprocess
import sys
import threading
from urllib.parse import urlsplit, urlunsplit


class CuttableProxy:
    """The test's handle on a relay process: ``start()``, ``cut()``, ``restore()``, ``stop()``."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = None
        self._process = None

    @classmethod
    def to_url(cls, url: str):
        """A proxy to the host and port of a database URL (``postgresql+psycopg2://user@host:5432/name``)."""
        parts = urlsplit(url)
        return cls(parts.hostname, parts.port or 5432)

    def url_for(self, url: str) -> str:
        """``url`` with its host and port replaced by this proxy's."""
        parts = urlsplit(url)
        credentials = parts.netloc.rpartition("@")[0]
        netloc = f"{credentials}@127.0.0.1:{self.port}" if credentials else f"127.0.0.1:{self.port}"
        return urlunsplit(parts._replace(netloc=netloc))

    def start(self):
        self._process = subprocess.Popen(
            [sys.executable, "-m", "devtools.tcp_proxy", self.target[0], str(self.target[1])],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.port = int(self._process.stdout.readline())
        return self

    def _command(self, command):
        self._process.stdin.write(command + "\n")
        self._process.stdin.flush()
        answer = self._process.stdout.readline().strip()
        if answer != command:
            raise RuntimeError(f"the TCP proxy answered {answer!r} to {command!r}")

    def cut(self):
        """Refuses new connections and resets the open ones; returns once done."""
        self._command("cut")

    def restore(self):
        """Accepts connections again on the same port."""
        self._command("restore")

    def stop(self):
        if self._process is not None and self._process.poll() is None:
            self._process.stdin.close()
            self._process.wait(10)


class Relay:
    """The proxy itself, on plain threads."""

    def __init__(self, target):
        self.target = target
        self.port = None
        self._listener = None
        self._open = set()
        self._lock = threading.Lock()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()
        return self

    def cut(self):
        """Refuses new connections and resets the open ones."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.shutdown(socket.SHUT_RDWR)  # close() alone leaves it listening while accept() waits on it
            listener.close()
        with self._lock:
            open_, self._open = self._open, set()
        for connection in open_:
            # no lingering: what was in flight is dropped, as when a server process dies
            try:
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                connection.shutdown(socket.SHUT_RDWR)  # wakes its pump, which closes both ends
            except OSError:  # its pump closed it meanwhile
                pass

    def restore(self):
        return self.start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut()
                return
            try:
                server = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self._lock:
                self._open.update((client, server))
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    def _pump(self, source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except (OSError, EOFError):  # eventlet reports a socket closed under a waiting reader as EOFError
            pass
        finally:
            for end in (source, sink):
                with self._lock:
                    self._open.discard(end)
                with contextlib.suppress(OSError):
                    end.close()


def main():
    relay = Relay((sys.argv[1], int(sys.argv[2]))).start()
    print(relay.port, flush=True)
    for line in sys.stdin:
        command = line.strip()
        {"cut": relay.cut, "restore": relay.restore}[command]()
        print(command, flush=True)
    relay.cut()


if __name__ == "__main__":
    main()
