import net from 'node:net';

/**
 * A TCP proxy in front of a real server: `cut()` drops every connection and refuses new ones, `open()` serves
 * again on the same port; `silence()` keeps accepting and holds every byte back (a hung server, a path that drops
 * packets: nothing answers, nothing closes), `forward()` delivers what was held and relays again. `late: true`
 * starts with the port closed, for a dependency that comes up after the service.
 */
export async function tcpProxy(target: URL, { late = false } = {}) {
  const sockets = new Set<net.Socket>();
  const flushes = new Set<() => void>();
  let server: net.Server | undefined;
  let silent = false;
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(p));
    });
  });
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined).on('close', () => sockets.delete(socket));
    return socket;
  };
  /** Copy `from` to `to`, holding bytes (and an end) back while silent; returns the flush. */
  const relay = (from: net.Socket, to: net.Socket) => {
    const held: Buffer[] = [];
    let ended = false;
    const flush = () => {
      for (const chunk of held.splice(0)) to.write(chunk);
      if (ended) to.end();
    };
    from.on('data', (chunk: Buffer) => (silent ? held.push(chunk) : to.write(chunk)));
    from.on('end', () => {
      ended = true;
      if (!silent) flush();
    });
    return flush;
  };
  const open = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer({ allowHalfOpen: true }, (client) => {
        track(client);
        if (silent) return;
        const upstream = track(net.connect(Number(target.port), target.hostname));
        const both = [relay(client, upstream), relay(upstream, client)];
        const flush = () => both.forEach((f) => f());
        flushes.add(flush);
        upstream.on('close', () => void (silent || client.destroy()));
        client.on('close', () => {
          flushes.delete(flush);
          upstream.destroy();
        });
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      silent = false;
      for (const s of sockets) s.destroy();
      sockets.clear();
      const closing = server;
      server = undefined;
      if (closing) closing.close(() => resolve());
      else resolve();
    });
  const silence = () => void (silent = true);
  const forward = () => {
    silent = false;
    for (const flush of flushes) flush();
  };
  if (!late) await open();
  const via = new URL(target.href);
  via.host = `127.0.0.1:${port}`;
  return { url: via.href, open, cut, silence, forward };
}

export type TcpProxy = Awaited<ReturnType<typeof tcpProxy>>;
