// Opaque handles for clients in the workbench's URLs: a client key is the henkilötunnus, which must not
// travel in URLs, browser history or access logs. A handle is random and lives as long as the process.
import { randomBytes } from 'node:crypto';

export class ClientHandles {
  private readonly byKey = new Map<string, string>();
  private readonly byHandle = new Map<string, string>();

  of(clientKey: string): string {
    let h = this.byKey.get(clientKey);
    if (!h) {
      h = randomBytes(12).toString('base64url');
      this.byKey.set(clientKey, h);
      this.byHandle.set(h, clientKey);
    }
    return h;
  }

  key(handle: string | undefined): string | undefined {
    return handle ? this.byHandle.get(handle) : undefined;
  }
}
