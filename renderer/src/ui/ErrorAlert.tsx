/** An error a user must read: announced at once (role alert), nothing when there is none. */
export function ErrorAlert({ error }: { error: string | null | undefined }) {
  if (!error) return null
  return (
    <p role="alert" className="error">
      {error}
    </p>
  )
}
