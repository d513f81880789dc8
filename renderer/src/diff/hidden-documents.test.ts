import { describe, expect, it } from 'vitest'
import { headersIn, setDocumentHeaders } from './hidden-documents'

describe('the document headers a collapsed region hides', () => {
  it('names the documents that start inside the hidden lines, until the diff is closed', () => {
    const forget = setDocumentHeaders('inmemory://model/1', [
      { line: 1, label: 'Deployment web' },
      { line: 30, label: 'Service web' },
      { line: 45, label: 'ConfigMap settings' },
    ])
    expect(headersIn('inmemory://model/1', 4, 45).map((h) => h.label)).toEqual(['Service web'])
    expect(headersIn('inmemory://model/1', 1, 60).map((h) => h.label)).toEqual(['Deployment web', 'Service web', 'ConfigMap settings'])
    expect(headersIn('inmemory://model/2', 1, 60)).toEqual([])
    forget()
    expect(headersIn('inmemory://model/1', 1, 60)).toEqual([])
  })
})
