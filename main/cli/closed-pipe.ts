/**
 * A reader that stops early (`gitops-desk … --help | head`) closes the pipe: the rest of the
 * output has nowhere to go, which is no error of the command. Node would crash on the unhandled
 * EPIPE with a stack trace; the command ends quietly instead, as a Unix tool does.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(0)
    else throw error
  })
}
