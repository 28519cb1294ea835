#!/usr/bin/env python3
"""An echo server on Python's selectors module: the seed's program, for compare's Python row.

One thread, non-blocking sockets, one selector (the style of the example in the Python docs'
selectors page, done right): every connection's bytes are sent back; what the socket does not
take at once is kept and sent when it becomes writable, and the connection asks for
writability only while such bytes are pending; past HIGH_WATER pending bytes it stops reading
until they are sent, so a client that writes and never reads costs bounded memory.

Prints "selector: CLASS" on stderr and "listening on HOST:PORT" on stdout once it accepts, as
the samples' serve does. Ends on SIGTERM or SIGINT, or with --stop-on-stdin-eof at the end of
standard input.
"""
import argparse
import resource
import selectors
import socket
import sys

READ_SIZE = 65536
HIGH_WATER = 1 << 20

SELECTORS = {
    "default": selectors.DefaultSelector,
    "epoll": getattr(selectors, "EpollSelector", None),
    "poll": getattr(selectors, "PollSelector", None),
    "select": selectors.SelectSelector,
}


class Connection:
    """A client socket and the bytes of its echo not yet sent."""

    def __init__(self, sock):
        self.sock = sock
        self.pending = bytearray()
        self.events = selectors.EVENT_READ

    def wanted(self):
        """The events to wait for: read unless too much is pending, write while anything is."""
        if not self.pending:
            return selectors.EVENT_READ
        if len(self.pending) >= HIGH_WATER:
            return selectors.EVENT_WRITE
        return selectors.EVENT_READ | selectors.EVENT_WRITE


def raise_open_files_limit():
    """Raises the soft limit of open files to the hard one (the JDK does this for a JVM)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass


def accept(sel, listener):
    """Accepts every connection waiting."""
    while True:
        try:
            sock, _ = listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        except OSError as e:  # out of descriptors: the rest wait in the backlog
            print(f"accept failed: {e}", file=sys.stderr, flush=True)
            return
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sel.register(sock, selectors.EVENT_READ, Connection(sock))


def close(sel, conn):
    sel.unregister(conn.sock)
    conn.sock.close()


def send_pending(conn):
    """Sends what the socket takes of the pending bytes; False if the peer is gone."""
    try:
        sent = conn.sock.send(conn.pending)
    except (BlockingIOError, InterruptedError):
        return True
    except OSError:
        return False
    del conn.pending[:sent]
    return True


def serve(sel, conn, mask):
    """Reads and echoes what came, sends what is pending, and asks for the events now wanted."""
    if mask & selectors.EVENT_READ:
        try:
            data = conn.sock.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            data = None
        except OSError:
            close(sel, conn)
            return
        if data == b"":
            close(sel, conn)
            return
        if data:
            conn.pending += data
    if conn.pending and not send_pending(conn):
        close(sel, conn)
        return
    wanted = conn.wanted()
    if wanted != conn.events:
        sel.modify(conn.sock, wanted, conn)
        conn.events = wanted


def main():
    parser = argparse.ArgumentParser(description="Echo server on Python's selectors module.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--selector", choices=sorted(SELECTORS), default="default")
    parser.add_argument("--stop-on-stdin-eof", action="store_true",
                        help="also stop when standard input ends")
    args = parser.parse_args()
    selector_class = SELECTORS[args.selector]
    if selector_class is None:
        parser.error(f"this platform has no {args.selector} selector")
    raise_open_files_limit()
    sel = selector_class()
    listener = socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((args.host, args.port))
    listener.listen(4096)
    listener.setblocking(False)
    sel.register(listener, selectors.EVENT_READ, None)
    stdin = sys.stdin.buffer.raw if args.stop_on_stdin_eof else None
    if stdin is not None:
        sel.register(stdin, selectors.EVENT_READ, "stdin")
    print(f"selector: {type(sel).__name__}", file=sys.stderr, flush=True)
    host, port = listener.getsockname()[:2]
    print(f"listening on {host}:{port}", flush=True)
    try:
        while True:
            for key, mask in sel.select():
                if key.data is None:
                    accept(sel, listener)
                elif key.data == "stdin":
                    if not stdin.read(256):
                        return
                else:
                    serve(sel, key.data, mask)
    except KeyboardInterrupt:
        pass
    finally:
        sel.close()
        listener.close()


if __name__ == "__main__":
    main()
