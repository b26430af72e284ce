// Which failures are worth another try: Zoho's 429 and 5xx, and connections that dropped or
// never answered. A DNS failure or a refused TLS handshake will not heal within a run.

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'ERR_READING_RESPONSE_STREAM',
]);

export function isTransientNetworkCode(code: string): boolean {
  return TRANSIENT_NETWORK_CODES.has(code);
}

export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
