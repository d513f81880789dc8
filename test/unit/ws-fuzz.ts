import { randomBytes } from 'node:crypto'
import { connect, type Socket } from 'node:net'

/**
 * Hostile WebSocket clients for the web harness, written frame by frame on a raw TCP socket (a
 * real client library refuses to send most of these). Each case opens its own connection.
 */

export interface FuzzOutcome {
  /** The close code the server sent (null when it just dropped the connection). */
  closeCode: number | null
  /** Text frames it sent before closing (replies). */
  replies: string[]
}

/** One client frame: masked unless told otherwise, with the length the header should claim. */
export function frame(opcode: number, payload: Buffer, options: { fin?: boolean; rsv?: number; masked?: boolean; claimedLength?: number } = {}): Buffer {
  const length = options.claimedLength ?? payload.length
  const first = ((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode
  const masked = options.masked ?? true
  let header: Buffer
  if (length < 126) header = Buffer.from([first, (masked ? 0x80 : 0) | length])
  else if (length < 65536) {
    header = Buffer.alloc(4)
    header.writeUInt8(first, 0)
    header.writeUInt8((masked ? 0x80 : 0) | 126, 1)
    header.writeUInt16BE(length, 2)
  } else {
    header = Buffer.alloc(10)
    header.writeUInt8(first, 0)
    header.writeUInt8((masked ? 0x80 : 0) | 127, 1)
    header.writeBigUInt64BE(BigInt(length), 2)
  }
  if (!masked) return Buffer.concat([header, payload])
  const mask = randomBytes(4)
  return Buffer.concat([header, mask, Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!))])
}

export const text = (value: string) => frame(0x1, Buffer.from(value))

/** The cases: what each sends, and what the server must answer (a close code, or replies on an open socket). */
export const fuzzCases: { name: string; send: Buffer[]; closeCode?: number; replies?: RegExp[]; abort?: boolean }[] = [
  { name: 'text that is not UTF-8', send: [frame(0x1, Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]))], closeCode: 1007 },
  { name: 'a message over the limit (the header claims 64 MiB)', send: [frame(0x1, Buffer.from('{"id":1'), { claimedLength: 64 * 1024 * 1024 })], closeCode: 1009 },
  { name: 'a reserved opcode (0x3)', send: [frame(0x3, Buffer.from('x'))], closeCode: 1002 },
  { name: 'a reserved control opcode (0xB)', send: [frame(0xb, Buffer.from('x'))], closeCode: 1002 },
  { name: 'RSV bits without an extension', send: [frame(0x1, Buffer.from('{}'), { rsv: 0b111 })], closeCode: 1002 },
  { name: 'an unmasked client frame', send: [frame(0x1, Buffer.from('{}'), { masked: false })], closeCode: 1002 },
  { name: 'a continuation with nothing to continue', send: [frame(0x0, Buffer.from('x'))], closeCode: 1002 },
  { name: 'a fragmented ping', send: [frame(0x9, Buffer.from('x'), { fin: false })], closeCode: 1002 },
  { name: 'a ping longer than 125 bytes', send: [frame(0x9, Buffer.alloc(200, 1))], closeCode: 1002 },
  { name: 'a new message inside a fragmented one', send: [frame(0x1, Buffer.from('{"id"'), { fin: false }), text('{}')], closeCode: 1002 },
  { name: 'invalid UTF-8 across fragments', send: [frame(0x1, Buffer.from([0xe2, 0x82]), { fin: false }), frame(0x0, Buffer.from([0x28]))], closeCode: 1007 },
  { name: 'garbage bytes', send: [randomBytes(64).fill(0x8b, 0, 1)], closeCode: 1002 },
  { name: 'a close frame with an invalid code', send: [frame(0x8, Buffer.from([0x03, 0xe7]))], closeCode: 1002 },
  { name: 'the connection dropped mid-frame', send: [frame(0x1, Buffer.alloc(1000, 0x61)).subarray(0, 40)], abort: true },
  {
    name: 'messages that are not calls: not JSON, JSON of the wrong shape, arguments the contract refuses, deep nesting',
    send: [text('not json'), text('null'), text('[1,2]'), text('{"id":{"a":1},"method":"ping","args":[{}]}'), text('{"id":3,"method":"ping","args":"x"}'), text('['.repeat(200_000)), frame(0x2, Buffer.from('{"id":4,"method":"nope","args":[]}'))],
    replies: [/"code":"BadRequest".*Malformed API message/, /"code":"BadRequest"/, /"code":"UnknownMethod"/, /"where":"ping argument 0"/, /must be a list/, /Malformed API message/, /"id":4.*UnknownMethod/],
  },
]

/** Opens a raw WebSocket to the harness (the handshake by hand) and returns the socket after 101. */
export async function rawSocket(port: number, token: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1')
  socket.on('error', () => undefined) // a reset after the server closes: expected here
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  socket.write(
    `GET /api?token=${encodeURIComponent(token)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
      `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  )
  let head = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1')
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      socket.off('data', onData)
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`))
      const rest = Buffer.from(head.slice(end + 4), 'latin1')
      if (rest.length) socket.unshift(rest)
      resolve()
    }
    socket.on('data', onData)
  })
  return socket
}

/** Sends a case's bytes and reads what the server does, until it closes the socket or has sent the expected replies. */
export async function runCase(port: number, token: string, fuzz: (typeof fuzzCases)[number]): Promise<FuzzOutcome> {
  const socket = await rawSocket(port, token)
  let received = Buffer.alloc(0)
  const outcome: FuzzOutcome = { closeCode: null, replies: [] }
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
  let answered: () => void = () => undefined
  const allReplies = new Promise<void>((resolve) => (answered = resolve))
  const parse = () => {
    // Server frames are unmasked; lengths up to 64 bits.
    for (;;) {
      if (received.length < 2) return
      const opcode = received[0]! & 0x0f
      let length = received[1]! & 0x7f
      let offset = 2
      if (length === 126) {
        if (received.length < 4) return
        length = received.readUInt16BE(2)
        offset = 4
      } else if (length === 127) {
        if (received.length < 10) return
        length = Number(received.readBigUInt64BE(2))
        offset = 10
      }
      if (received.length < offset + length) return
      const payload = received.subarray(offset, offset + length)
      if (opcode === 0x1) outcome.replies.push(payload.toString())
      if (opcode === 0x8) outcome.closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : null
      received = received.subarray(offset + length)
      if (outcome.replies.length >= (fuzz.replies?.length ?? Infinity)) answered()
    }
  }
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk])
    parse()
  })
  for (const bytes of fuzz.send) socket.write(bytes)
  if (fuzz.abort) {
    socket.destroy()
    return outcome
  }
  if (fuzz.replies) {
    await Promise.race([allReplies, closed])
    socket.destroy()
    return outcome
  }
  await closed
  return outcome
}
