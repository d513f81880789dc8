/**
 * How much text GitOps Desk takes at once, defined once for every path: a YAML file given to the
 * CLI, a text pasted in the UI and sent over IPC or the web harness's WebSocket, the engine's YAML
 * parser. Above it, the answer is "too large", never a hang or a crash.
 */
export const maxUserTextBytes = 8 * 1024 * 1024

/**
 * The largest API message on the web harness's WebSocket: a text at the limit, JSON-escaped (a
 * newline or quote takes two bytes), plus the call around it. The server closes a socket that
 * sends more with 1009 (message too big).
 */
export const maxApiMessageBytes = 2 * maxUserTextBytes + 64 * 1024

const mib = 1024 * 1024

/**
 * `The Application YAML is 9.0 MiB; the limit is 8 MiB (...)`: the one wording of a text over the
 * limit, naming the field or editor (`what`) and its size when known. A size that would read as
 * the limit itself ("8.0 MiB") says the bytes over it instead.
 */
export function tooLargeMessage(what: string, bytes: number | null, limit = maxUserTextBytes): string {
  const limitText = `${Math.round((limit / mib) * 10) / 10} MiB`
  const rounded = bytes === null ? '' : `${(bytes / mib).toFixed(1)} MiB`
  const size = bytes === null ? 'is too large' : Number.parseFloat(rounded) * mib <= limit ? `is ${limitText} and ${bytes - limit} byte${bytes - limit === 1 ? '' : 's'}` : `is ${rounded}`
  return `${what} ${size}; the limit is ${limitText} (the most GitOps Desk takes at once)`
}

/** The UTF-8 size of a text, without encoding it (works in the renderer and in Node). */
export function utf8Bytes(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) bytes += 1
    else if (code < 0x800) bytes += 2
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4 // a surrogate pair: one 4-byte character
      i++
    } else bytes += 3
  }
  return bytes
}
