import { createTransport } from 'nodemailer'
import { UserError } from '../base/errors'
import type { MailSender } from './senders'

/** Email over SMTP with nodemailer (STARTTLS when the server offers it; TLS from the start on port 465). */
export const sendMail: MailSender = async (options, mail) => {
  const transport = createTransport({
    host: options.host,
    port: options.port,
    secure: options.secure,
    auth: options.username ? { user: options.username, pass: options.password ?? '' } : undefined,
    tls: { rejectUnauthorized: !options.insecureSkipVerify },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 15_000,
  })
  try {
    await transport.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, ...(mail.html ? { html: mail.text } : { text: mail.text }) })
  } catch (error) {
    throw new UserError('Unavailable', `email to ${mail.to.join(', ')} via ${options.host}:${options.port}: ${(error as Error).message}`, 'notifications')
  } finally {
    transport.close()
  }
}
