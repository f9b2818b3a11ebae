/** Facts about an SSH public key blob (the wire format: string type, then key data). */
import { createHash } from 'node:crypto';

/** `SHA256:…` exactly as OpenSSH prints it: base64 of the SHA-256 digest, without padding. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type named at the start of the blob, e.g. `ssh-ed25519`. */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  if (length > blob.length - 4) return 'unknown';
  return blob.subarray(4, 4 + length).toString('latin1');
}
