/**
 * Secret values out of a text that may quote them: what a plugin says (it gets its secrets in the
 * environment and can print them in any form), or an API server's refusal that quotes the Secret
 * it was sent. The literal alone is not enough: its base64 (standard and URL
 * alphabets, padded or not, and at each of the three byte alignments it can have inside a longer
 * encoded text such as `user:secret`, and wrapped in lines as `base64` prints it), its reverse,
 * its URL encoding and its hex (either case) are removed too.
 * Values shorter than 4 characters are left alone: masking "a" would mask every "a".
 */

const minLength = 4
/** The shortest line of a wrapped base64 removed alone (shorter ones would mask noise). */
const wrappedLineMin = 8
const replacement = '******'

/** The middle of the base64 of `secret` when it starts `offset` bytes into a 3-byte group. */
function base64Middle(secret: Buffer, offset: number): string {
  const encoded = Buffer.concat([Buffer.alloc(offset), secret]).toString('base64')
  const start = offset === 0 ? 0 : 4 // the first group mixes in bytes that are not the secret's
  const end = Math.floor((offset + secret.length) / 3) * 4 // the last full group made of its bytes
  return encoded.slice(start, end)
}

/** Every form of one secret value that is removed from a text, longest first. */
export function secretForms(secret: string): string[] {
  if (secret.length < minLength) return []
  const bytes = Buffer.from(secret, 'utf8')
  const base64 = [bytes.toString('base64'), bytes.toString('base64').replace(/=+$/, ''), ...[0, 1, 2].map((o) => base64Middle(bytes, o))]
  // `base64` wraps its output at 76 columns (PEM at 64): each line of a long secret's wrapped
  // base64 is removed on its own, whatever ends the lines.
  const wrapped = [76, 64].flatMap((width) => base64[0]!.match(new RegExp(`.{1,${width}}`, 'g'))!.filter((line) => line.length >= wrappedLineMin && line.length < base64[0]!.length))
  const forms = [
    secret,
    [...secret].reverse().join(''),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
    ...base64,
    ...base64.map((b) => b.replace(/\+/g, '-').replace(/\//g, '_')),
    ...wrapped,
  ]
  // A base64 middle can be short for a short secret: shorter than the secret, it would mask noise.
  return [...new Set(forms.filter((f) => f.length >= Math.min(secret.length, 6)))].sort((a, b) => b.length - a.length)
}

/** Replaces every known form of every secret value in a text by asterisks. */
export function masked(text: string, secrets: string[]): string {
  const forms = [...new Set(secrets.flatMap(secretForms))].sort((a, b) => b.length - a.length)
  let out = text
  for (const form of forms) out = out.split(form).join(replacement)
  return out
}

/** The end of a command's stderr as a message shows it: the last lines, every secret form removed. */
export function stderrForMessage(stderr: string, secrets: string[], options: { lines?: number; truncated?: boolean } = {}): string {
  // Masked before it is cut, so a cut never splits a secret into a part no form matches; the
  // first line of a stderr whose start was dropped (kept to its end only) may hold such a part.
  const all = masked(stderr, secrets).trim().split('\n')
  return (options.truncated ? all.slice(1) : all).slice(-(options.lines ?? 20)).join('\n')
}
