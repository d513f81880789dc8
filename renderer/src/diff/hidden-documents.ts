/** A document of a diff's target side: the line its header is on, and what the header names. */
export interface DocumentHeader {
  line: number
  label: string
}

/**
 * The document headers of each whole-app diff's target model (by the model's URI), so a collapsed
 * region of unchanged lines can name the documents it hides. Kept apart from Monaco so the diff
 * pane registers its documents without loading Monaco eagerly.
 */
const headersByModel = new Map<string, DocumentHeader[]>()

export function setDocumentHeaders(uri: string, headers: DocumentHeader[]): () => void {
  headersByModel.set(uri, headers)
  return () => void headersByModel.delete(uri)
}

/** The headers of the documents whose first line is in [start, endExclusive). */
export function headersIn(uri: string, start: number, endExclusive: number): DocumentHeader[] {
  return (headersByModel.get(uri) ?? []).filter((h) => h.line >= start && h.line < endExclusive)
}
