/**
 * Listening on a configured port. A port another program holds (or one this user may not open) is a mistake in
 * the configuration, not a crash: it becomes a PortUnavailable that says which setting chose the port and how
 * to choose another, and `npm start` prints that line instead of a stack trace.
 */
import type http from 'node:http';

export class PortUnavailable extends Error {
  constructor(
    readonly setting: string,
    readonly port: number,
    readonly code: string,
  ) {
    super(
      code === 'EADDRINUSE'
        ? `端口 ${port} 已被占用(另一个程序或另一个 npm start 正在使用):用 ${setting}=<端口> 换一个,例如 ${setting}=${port + 1} npm start`
        : `无权监听端口 ${port}(${code}):用 ${setting}=<端口> 换一个 1024 以上的端口`,
    );
    this.name = 'PortUnavailable';
  }
}

/** server.listen, resolved once listening and rejected (PortUnavailable where it applies) when it cannot. */
export function listen(
  server: http.Server,
  port: number,
  host: string | undefined,
  setting: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (e: NodeJS.ErrnoException) => {
      server.off('listening', listening);
      reject(e.code === 'EADDRINUSE' || e.code === 'EACCES' ? new PortUnavailable(setting, port, e.code) : e);
    };
    const listening = () => {
      server.off('error', failed);
      resolve();
    };
    server.once('error', failed);
    server.once('listening', listening);
    server.listen(port, host);
  });
}
