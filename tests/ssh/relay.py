"""A TCP relay that delays every chunk by a fixed time each way: a slow link on 127.0.0.1.

    python tests/ssh/relay.py TARGET_PORT DELAY_SECONDS [--lifetime SECONDS]

Listens on a free port of 127.0.0.1 and prints it (one line), then forwards every connection
to 127.0.0.1:TARGET_PORT. Each chunk read is written to the other side ``DELAY`` seconds later
(half a round trip), in order, so the link has the latency but not a bandwidth limit. It
serves at most ``--lifetime`` seconds, then exits; killing it drops every connection.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys

CHUNK = 1 << 16


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Copy ``reader`` to ``writer``, each chunk ``delay`` seconds after it was read."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def read() -> None:
        while chunk := await reader.read(CHUNK):
            queue.put_nowait((loop.time() + delay, chunk))
        queue.put_nowait((loop.time() + delay, b""))

    async def write() -> None:
        while True:
            due, chunk = await queue.get()
            await asyncio.sleep(max(0.0, due - loop.time()))
            if not chunk:
                break
            writer.write(chunk)
            await writer.drain()
        with contextlib.suppress(OSError):
            writer.write_eof()

    reading = asyncio.ensure_future(read())
    try:
        await write()
    finally:
        reading.cancel()


async def serve(target: int, delay: float, lifetime: float) -> None:
    async def connected(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target)
        except OSError:
            client_writer.close()
            return
        try:
            await asyncio.gather(
                pipe(client_reader, server_writer, delay),
                pipe(server_reader, client_writer, delay),
                return_exceptions=True,
            )
        finally:
            client_writer.close()
            server_writer.close()

    server = await asyncio.start_server(connected, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(port, flush=True)
    async with server:
        await asyncio.sleep(lifetime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", type=int, help="the port to forward to on 127.0.0.1")
    parser.add_argument("delay", type=float, help="seconds each chunk is held, each way (half the round trip)")
    parser.add_argument("--lifetime", type=float, default=600.0, help="seconds to serve before exiting")
    args = parser.parse_args(argv)
    asyncio.run(serve(args.target, args.delay, args.lifetime))
    return 0


if __name__ == "__main__":
    sys.exit(main())
