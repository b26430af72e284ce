// Which URLs may carry credentials without TLS: only those that never leave this machine
// (the bundled emulator, a local proxy). Everything else must be https.

/** A URL's origin (scheme, host, port), or the text itself when it is not a URL. */
export function urlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost' || host === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * How a URL from config or the environment may be quoted in a message: its origin without any
 * user name or password, or nothing when it is not a URL (a secret pasted into the wrong
 * variable must not be echoed).
 */
export function quotableUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** Why `url` may not carry secrets, or undefined when it may (https, or http to loopback). */
export function insecureUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // not a URL at all: the schema or the client says so in its own words
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return 'a Zoho URL carries no user name or password (credentials belong in ZOHO_* variables)';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname)) return undefined;
  if (parsed.protocol === 'http:') {
    return `plain http to ${parsed.hostname} would send the client secret and tokens in clear text`;
  }
  return undefined;
}
