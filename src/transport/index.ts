/** The transport module's public surface. */
export { createConnector, SshConnector, type ConnectorOptions } from './connector.js';
export { resolveConnection, describeEndpoint, type ConnectionSpec, type ConnectionFlags, type Endpoint } from './connection-spec.js';
export { loadSshConfig, defaultSshConfigPath, type SshConfigSource } from './ssh-config-file.js';
export { LocalTransport } from './local-transport.js';
export { PASSPHRASE_ENV, type PassphraseSource } from './identities.js';
export {
  HostError,
  type Connector,
  type ExecOptions,
  type ExecResult,
  type OpenOptions,
  type StreamArrival,
  type Transport,
  type TransportTimings,
} from './types.js';
