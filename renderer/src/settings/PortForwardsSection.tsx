import type { GitopsApi } from '../../../shared/api'
import { PortForwardList, usePortForwards } from '../resources/PortForwardList'

/** Every running port-forward, whichever panel started it; each can be stopped here. */
export function PortForwardsSection({ api }: { api: GitopsApi }) {
  const forwards = usePortForwards(api)
  return (
    <section aria-labelledby="port-forwards-title">
      <h2 id="port-forwards-title">Port-forwards</h2>
      <p className="muted small">Started from a Pod's or Service's panel (Port-forward tab) or `gitops-desk app port-forward`; they listen on 127.0.0.1 only and stop when GitOps Desk quits.</p>
      <PortForwardList api={api} forwards={forwards} />
    </section>
  )
}
