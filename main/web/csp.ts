/**
 * The renderer's Content-Security-Policy, as the harness sends it. The same policy is in
 * renderer/index.html for Electron; Monaco needs inline styles and blob workers, nothing else
 * is relaxed.
 */
export function harnessCsp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}
