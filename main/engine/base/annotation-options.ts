// Argo CD's option annotations on an object: `argocd.argoproj.io/sync-options` (Prune=false,
// Delete=confirm, Replace=true…) and `argocd.argoproj.io/compare-options` (IgnoreExtraneous,
// ServerSideDiff=false), comma-separated, read as gitops-engine's GetAnnotationCSVs reads them.

export const syncOptionsAnnotation = 'argocd.argoproj.io/sync-options'
export const compareOptionsAnnotation = 'argocd.argoproj.io/compare-options'

type OptionsAnnotation = typeof syncOptionsAnnotation | typeof compareOptionsAnnotation
interface Annotated {
  metadata: { annotations?: Record<string, string> | undefined }
}

/** The options an annotation lists, trimmed, empty entries dropped (none when it is absent). */
export function annotationOptions(obj: Annotated | null | undefined, annotation: OptionsAnnotation): string[] {
  const value = obj?.metadata.annotations?.[annotation]
  if (!value) return []
  return value
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
}

/** The object's own sync options (a resource's annotation; the app's come from its syncPolicy). */
export const syncOptionsOf = (obj: Annotated | null | undefined): string[] => annotationOptions(obj, syncOptionsAnnotation)

/** The object's compare options. */
export const compareOptionsOf = (obj: Annotated | null | undefined): string[] => annotationOptions(obj, compareOptionsAnnotation)

/** Whether the annotation lists exactly this option (gitops-engine's HasAnnotationOption). */
export const hasAnnotationOption = (obj: Annotated | null | undefined, annotation: OptionsAnnotation, option: string): boolean => annotationOptions(obj, annotation).includes(option)

/** Argo CD's compare option IgnoreExtraneous: an extra object so marked does not make its app OutOfSync. */
export const ignoresExtraneous = (obj: Annotated | null | undefined): boolean => hasAnnotationOption(obj, compareOptionsAnnotation, 'IgnoreExtraneous')

/**
 * The value of one option (`Name=value`) in a list where later entries win: the app's options
 * come first and a resource's own annotation after them. Lower case; undefined when not set.
 */
export function optionOf(options: readonly string[], name: string): string | undefined {
  let value: string | undefined
  for (const option of options) {
    const [key, ...rest] = option.split('=')
    if (key?.trim() === name) value = rest.join('=').trim().toLowerCase()
  }
  return value
}
