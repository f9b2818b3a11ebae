/**
 * Public-key login in one round trip instead of two. ssh2, like OpenSSH, first asks the
 * server whether it would take a key (a USERAUTH_REQUEST without signature, answered with
 * PK_OK) and signs only then; RFC 4252 §7 lets a client send the signed request at once, and
 * the answer is then SUCCESS or FAILURE directly. Asking first spares a signature, which for
 * a key file costs ~0.05 ms here: not worth a round trip per host on a real network (measured
 * by the benchmark's latency table: 7 round trips per host → 6).
 *
 * ssh2 has no option for it, so on each connection its protocol's authPK is wrapped: a query
 * for a key we hold privately goes out signed. Agent keys (no private half here) and ssh2's
 * own signed requests pass through unchanged. Should ssh2 ever lose this internal, logins
 * simply keep asking first.
 */
import type { Client, ParsedKey } from 'ssh2';

type SignCallback = (data: Buffer, done: (signature: Buffer) => void) => void;
type AuthPK = (username: string, key: ParsedKey, keyAlgo?: string | SignCallback, cbSign?: SignCallback) => void;

/** The hash an RSA signature algorithm names; other key types sign with their own. */
const HASH_OF = new Map([
  ['rsa-sha2-256', 'sha256'],
  ['rsa-sha2-512', 'sha512'],
]);

function holdsPrivateKey(key: ParsedKey): boolean {
  return typeof key.isPrivateKey === 'function' && key.isPrivateKey();
}

/** Call after `client.connect()`, which creates the protocol object, and before the handshake ends. */
export function signPublicKeyLoginsAtOnce(client: Client): void {
  const protocol = (client as unknown as { _protocol?: { authPK?: AuthPK } })._protocol;
  const authPK = protocol?.authPK;
  if (!protocol || typeof authPK !== 'function') return;
  protocol.authPK = function (this: unknown, username, key, keyAlgo, cbSign) {
    if (cbSign !== undefined || typeof keyAlgo === 'function' || !holdsPrivateKey(key)) {
      return authPK.call(this, username, key, keyAlgo, cbSign);
    }
    const hash = keyAlgo === undefined ? undefined : HASH_OF.get(keyAlgo);
    return authPK.call(this, username, key, keyAlgo, (data, done) => {
      const signature = key.sign(data, hash) as Buffer | Error;
      if (signature instanceof Error) {
        // As ssh2 reports a key it cannot sign with: an authentication error for this host.
        throw Object.assign(new Error(`cannot sign with the key: ${signature.message}`), { level: 'client-authentication' });
      }
      done(signature);
    });
  };
}
