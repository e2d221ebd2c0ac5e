import type { Server } from 'node:http';

interface ClosableResponder {
  app: { server: Server };
  close(): Promise<void>;
}

/**
 * Closes the responder, also ending keep-alive connections that go idle during the drain. Fastify closes the
 * connections idle when close() starts; one busy then (a slow /process) stays open after its response,
 * held by the client's keep-alive pool, and would keep the process alive until keepAliveTimeout (72 s).
 */
export async function closeResponder(running: ClosableResponder): Promise<void> {
  const sweep = setInterval(() => running.app.server.closeIdleConnections(), 50);
  try {
    await running.close();
  } finally {
    clearInterval(sweep);
  }
}
