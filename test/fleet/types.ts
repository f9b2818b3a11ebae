/** Public shapes of the loopback test fleet (see startFleet in ./index.ts). */

/**
 * What a host is for. `plain`: root logs in with the fleet's client key.
 * The others each reproduce one failure or feature a transport must handle.
 */
export type HostRole =
  | 'plain'
  /** Host key missing from the fleet's known_hosts. */
  | 'unknown-key'
  /** known_hosts holds a different key for this host. */
  | 'changed-key'
  /** An address and port with nothing listening (connection refused). */
  | 'closed-port'
  /** Accepts TCP and never sends an SSH banner. */
  | 'silent'
  /** sshd authorizes no key for anyone: every login fails. */
  | 'wrong-credentials'
  /** Logs in as a fresh system user without sudo rights (become fails there). */
  | 'user'
  /** Logs in as a fresh system user with `NOPASSWD: ALL` sudo. */
  | 'sudo-nopasswd'
  /** Logs in as a fresh system user whose sudo needs its password (PasswordAuthentication on). */
  | 'sudo-password'
  /** A jump host; hosts with `via` set to its name are reachable only through it. */
  | 'bastion';

export interface HostSpec {
  /** Inventory name; defaults to `hostNNN` for plain hosts and the role name otherwise. */
  name?: string;
  role?: HostRole;
  /**
   * Name of a `bastion` host of the same fleet. The host then gets an address that only
   * resolves inside the fleet (`NAME.fleet-ID.internal`): direct logins fail, logins
   * through the bastion work.
   */
  via?: string;
  /**
   * Starts this host's own `sshd -D` inside namespaces: receives the sshd argv (already
   * wrapped to give sessions a light root .bashrc) and returns the argv to spawn,
   * e.g. `argv => ['ip', 'netns', 'exec', 'ns1', ...argv]`.
   */
  wrap?: (argv: string[]) => string[];
  /** Address clients connect to (default: the next one in the fleet's 127.X.Y.0 block). */
  address?: string;
  /** Port clients connect to (default: the fleet's common port). */
  port?: number;
  /** Where a wrapped host's sshd listens, as `ListenAddress` values (default `address:port`). */
  listen?: string[];
  /** Extra sshd options for this host, `Keyword=value` each (passed as `-o`). */
  sshdOptions?: string[];
  /** Extra inventory variables for this host. */
  vars?: Record<string, string>;
}

export interface FleetOptions {
  /** Number of plain hosts named host001, host002, … */
  count?: number;
  /** Further hosts, after the plain ones. */
  hosts?: HostSpec[];
  /** sshd LogLevel (default VERBOSE: one "Accepted publickey" line per login). */
  logLevel?: 'QUIET' | 'ERROR' | 'INFO' | 'VERBOSE' | 'DEBUG';
  /** Milliseconds to wait for every sshd to be ready (default 30 000). */
  startTimeoutMs?: number;
}

export interface FleetHost {
  name: string;
  role: HostRole;
  /** What a client connects to: an IP, or for a host behind a bastion, a fleet-internal name. */
  address: string;
  port: number;
  /** The IP the host's listener is bound to (equals `address` except behind a bastion). */
  listenAddress: string;
  user: string;
  /** The login user's password (sudo-password hosts only). */
  password?: string;
  /** `ssh-ed25519 AAAA…` — the key the host really presents (absent for closed-port/silent). */
  hostKey?: string;
  /** Name of the bastion this host is reachable through. */
  via?: string;
  /** sshd log of this host (LogLevel from the options). */
  logFile: string;
  /** The host's inventory variables, as written to the inventory file. */
  vars: Record<string, string>;
}

export interface Fleet {
  /** Temp dir holding every generated file; removed by stop(). */
  dir: string;
  /** The port every loopback host shares. */
  port: number;
  hosts: FleetHost[];
  host(name: string): FleetHost;
  /** Hosts with this role, in fleet order. */
  byRole(role: HostRole): FleetHost[];
  /** Private key (unencrypted ed25519) authorized for root and the login users. */
  clientKey: string;
  clientPublicKey: string;
  /** known_hosts with `[address]:port` entries for every host that has a key. */
  knownHosts: string;
  /** Ansible INI inventory with every host in group `fleet`. */
  inventory: string;
  /** Lets `publicKey` (`type base64`) log in as `user` (default root) on every host that takes keys. */
  authorizeKey(publicKey: string, user?: string): void;
  /** Kills every process, removes users, sudoers entries and the temp dir. Idempotent. */
  stop(): Promise<void>;
}
